import type pg from "pg";

/** Writes a webhook to the outbox; call inside the transaction that made the change it reports. */
export async function enqueueWebhook(
  client: pg.ClientBase,
  w: { integrationId: string; sessionId: string | null; kind: "decision" | "event" | "test"; url: string; body: unknown; notBefore?: Date },
): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (integration_id, session_id, kind, url, body, next_attempt_at) VALUES ($1, $2, $3, $4, $5, COALESCE($6, now())) RETURNING id`,
    [w.integrationId, w.sessionId, w.kind, w.url, JSON.stringify(w.body), w.notBefore ?? null],
  );
  return rows[0].id;
}
