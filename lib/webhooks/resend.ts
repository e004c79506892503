import { withTransaction } from "../db/index.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { DomainError } from "../errors.ts";
import { isUuid } from "../validation/uuid.ts";
import { wakeWebhookWorkers } from "./deliver.ts";

/**
 * "Resend": puts a delivery back in the outbox for an immediate fresh attempt, whatever its state,
 * records the audit entry and wakes the worker. The only resend: the session page, the delivery
 * log and the CLI all call it. `integrationId` scopes it to one integration.
 *
 * The lease (locked_until) is left alone: while an attempt is in flight the row cannot be claimed,
 * so it is never POSTed twice in parallel; that attempt's outcome is what the resend gets.
 */
export async function resendDelivery(deliveryId: string, actor: Actor, opts: { integrationId?: string } = {}): Promise<void> {
  const notFound = () => new DomainError("not_found", "This delivery does not exist.");
  if (!isUuid(deliveryId)) throw notFound();
  await withTransaction(async (client) => {
    const { rows } = await client.query<{ state: string; integration_id: string }>(
      `UPDATE webhook_deliveries d SET state = 'pending', next_attempt_at = now()
         FROM (SELECT id, state FROM webhook_deliveries WHERE id = $1::uuid AND ($2::uuid IS NULL OR integration_id = $2::uuid) FOR UPDATE) old
        WHERE d.id = old.id
        RETURNING old.state, d.integration_id`,
      [deliveryId, opts.integrationId ?? null],
    );
    if (!rows[0]) throw notFound();
    await recordAudit(client, actor, "webhook.resend", { type: "webhook_delivery", id: deliveryId }, {
      before: { state: rows[0].state },
      after: { state: "pending", integrationId: rows[0].integration_id },
    });
  });
  wakeWebhookWorkers();
}
