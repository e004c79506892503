import type pg from "pg";

const REDACTED_BODY = JSON.stringify({ redacted: true });

/**
 * Replaces the bodies of the sessions' logged webhooks (the outbox's deliveries, Veriff's
 * received webhooks) with {"redacted":true}: decision webhooks carry the person and document,
 * and both tables outlive a deleted session (session_id set null). The logs keep their status,
 * codes and timing. decisionsOnly: only decision deliveries (event webhooks carry no person).
 */
export async function scrubSessionLogs(client: pg.ClientBase, sessionIds: string[], opts: { decisionsOnly?: boolean } = {}): Promise<void> {
  await client.query(`UPDATE webhook_deliveries SET body = $2 WHERE session_id = ANY($1::uuid[]) ${opts.decisionsOnly ? "AND kind = 'decision'" : ""}`, [sessionIds, REDACTED_BODY]);
  await client.query(`UPDATE veriff_webhooks SET body = $2 WHERE session_id = ANY($1::uuid[])`, [sessionIds, REDACTED_BODY]);
}
