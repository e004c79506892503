import { pool, prisma, withTransaction } from "../db/index.ts";
import { DomainError } from "../errors.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { config } from "../config.ts";
import type { SendSessionEmailInput } from "../validation/send-email.ts";
import { emailNotConfigured, enqueueSessionEmail } from "./enqueue-email.ts";
import { wakeEmailWorkers } from "./deliver-email.ts";

/** "Send by e-mail": the session's link to an address, through the outbox; audited. */
export async function sendSessionEmail(input: SendSessionEmailInput, actor: Actor): Promise<{ deliveryId: string }> {
  if (!config().smtp) throw emailNotConfigured();
  const { rows } = await pool().query<{ integration_id: string; expired: boolean }>(`SELECT integration_id, expires_at < now() AS expired FROM verification_sessions WHERE id = $1`, [input.sessionId]);
  if (!rows[0]) throw new DomainError("not_found", "This session does not exist.", { httpStatus: 404 });
  if (rows[0].expired) throw new DomainError("link_expired", "This session's link has expired: create a new verification instead.", "to");
  const deliveryId = await withTransaction(async (c) => {
    const id = await enqueueSessionEmail(c, { sessionId: input.sessionId, integrationId: rows[0].integration_id, to: input.to, kind: "link" });
    if (!id) throw new DomainError("not_found", "This session does not exist.", { httpStatus: 404 });
    await recordAudit(c, actor, "session.email", { type: "session", id: input.sessionId }, { after: { to: input.to, deliveryId: id } });
    return id;
  });
  wakeEmailWorkers();
  return { deliveryId };
}

/** The session page's e-mail log, newest first. */
export function listSessionEmails(sessionId: string) {
  return prisma().emailDelivery.findMany({
    where: { sessionId },
    orderBy: { createdAt: "desc" },
    select: { id: true, kind: true, to: true, state: true, attemptCount: true, lastResponse: true, lastError: true, sentAt: true, createdAt: true, nextAttemptAt: true },
  });
}
export type SessionEmail = Awaited<ReturnType<typeof listSessionEmails>>[number];
