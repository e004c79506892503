import { pool, withTransaction } from "../db/index.ts";
import { DomainError } from "../errors.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { transitionSession, type TransitionResult } from "./transition.ts";
import type { DecisionChoice } from "./codes.ts";
import { deleteAtVeriff, sessionProvider } from "../veriff/delete-at-veriff.ts";
import { removeFromRollups } from "../analytics/rollup.ts";

/** A back-office user decides a session: the transition, its event, decision and webhook, and an audit row in one transaction. */
export async function decideAsUser(input: { sessionId: string; decision: DecisionChoice; reasonCode?: number | null; actor: Actor }): Promise<TransitionResult> {
  return withTransaction(async (client) => {
    const r = await transitionSession(client, {
      sessionId: input.sessionId,
      to: input.decision,
      reasonCode: input.reasonCode ?? null,
      actor: { type: "user", id: input.actor.id ?? null, label: input.actor.label },
    });
    await recordAudit(client, input.actor, "session.decide", { type: "session", id: input.sessionId }, { before: { status: r.from }, after: { status: r.to, code: r.code, reasonCode: r.reasonCode } });
    return r;
  });
}

/** Deletes a session and, by cascade, its attempts, media, events and decisions; a Veriff-backed one at Veriff first. */
export async function deleteSessionAsUser(sessionId: string, actor: Actor): Promise<void> {
  const where = await sessionProvider(sessionId).catch(() => null);
  if (where?.provider === "veriff") await deleteAtVeriff(where.integrationId, sessionId);
  await withTransaction(async (client) => {
    await removeFromRollups(client, sessionId);
    const { rows } = await client.query<{ integration_id: string; status: string; vendor_data: string | null }>(
      `DELETE FROM verification_sessions WHERE id = $1::uuid RETURNING integration_id, status, vendor_data`,
      [sessionId],
    );
    if (!rows[0]) throw new DomainError("session_not_found", "Session not found.");
    await recordAudit(client, actor, "session.delete", { type: "session", id: sessionId }, { before: { integrationId: rows[0].integration_id, status: rows[0].status, vendorData: rows[0].vendor_data } });
  });
}

export const REVIEW_WAITING_CAP = 1000;

/**
 * The oldest session of a live integration that waits for a person's decision, for the review
 * queue, skipping the given ids: submitted ones, and those a reviewer (or Veriff-style review
 * decision) put in review, which still need their final decision. One index-ordered branch per
 * status off (status, created_at, id), merged: `status IN (…)` would fetch and sort every waiting
 * session. The waiting count stops at REVIEW_WAITING_CAP.
 */
export async function nextInReviewQueue(skip: string[] = []): Promise<{ id: string | null; status: "submitted" | "review" | null; waiting: number }> {
  const branch = (status: string) =>
    `(SELECT s.id, s.status, s.created_at FROM verification_sessions s JOIN integrations i ON i.id = s.integration_id
       WHERE s.status = '${status}' AND i.environment = 'live' AND s.provider = 'checkpoint' AND NOT (s.id = ANY($1::uuid[]))
       ORDER BY s.created_at ASC, s.id ASC LIMIT 1)`;
  const { rows } = await pool().query<{ id: string | null; status: "submitted" | "review" | null; waiting: number }>(
    `SELECT n.id, n.status,
            (SELECT count(*)::int FROM (SELECT 1 FROM verification_sessions s JOIN integrations i ON i.id = s.integration_id
              WHERE s.status IN ('submitted', 'review') AND i.environment = 'live' AND s.provider = 'checkpoint' LIMIT $2) x) AS waiting
       FROM (SELECT 1) one
       LEFT JOIN (SELECT * FROM (${branch("submitted")} UNION ALL ${branch("review")}) b ORDER BY created_at ASC, id ASC LIMIT 1) n ON true`,
    [skip, REVIEW_WAITING_CAP + 1],
  );
  return rows[0];
}
