import { prisma } from "../db/index.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { DomainError } from "../errors.ts";
import { isUuid } from "../validation/uuid.ts";

/** Puts a delivery back in the outbox for the deliverer to send now. */
export async function resendDelivery(deliveryId: string, actor: Actor) {
  if (!isUuid(deliveryId)) throw new DomainError("not_found", "This delivery does not exist.");
  return prisma().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ state: string; integration_id: string }[]>`
      SELECT state, integration_id FROM webhook_deliveries WHERE id = ${deliveryId}::uuid FOR UPDATE`;
    const d = rows[0];
    if (!d) throw new DomainError("not_found", "This delivery does not exist.");
    await tx.$executeRaw`UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = now(), locked_until = NULL WHERE id = ${deliveryId}::uuid`;
    await recordAudit(tx, actor, "webhook.resend", { type: "webhook_delivery", id: deliveryId }, { before: { state: d.state }, after: { state: "pending", integrationId: d.integration_id } });
  });
}
