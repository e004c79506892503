import type pg from "pg";
import type { DecisionComment } from "./payloads.ts";

/** A session's notes and comments in the decision webhook's shape, oldest first; noteId is the note being written with the decision. */
export async function sessionComments(client: Pick<pg.ClientBase, "query">, sessionId: string, noteId?: string | null): Promise<DecisionComment[]> {
  const { rows } = await client.query<{ id: string; decision_id: string | null; author_name: string; body: string; created_at: Date }>(
    `SELECT id, decision_id, author_name, body, created_at FROM session_comments WHERE session_id = $1 ORDER BY created_at, id`,
    [sessionId],
  );
  return rows.map((r) => ({ type: r.decision_id || r.id === noteId ? "note" : "comment", comment: r.body, author: r.author_name, timestamp: new Date(r.created_at).toISOString() }));
}

/** Writes a comment (a note when decisionId is given) inside the caller's transaction. */
export async function insertSessionComment(
  client: Pick<pg.ClientBase, "query">,
  c: { sessionId: string; decisionId?: string | null; authorId: string | null; authorName: string; body: string },
): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO session_comments (session_id, decision_id, author_id, author_name, body) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [c.sessionId, c.decisionId ?? null, c.authorId, c.authorName, c.body],
  );
  return rows[0].id;
}
