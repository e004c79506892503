// Deciding safely: the undo window holds the decision webhook, notes and comments reach its
// `comments`, claims keep two reviewers off one session. Real database (server or PGlite).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, setEnv, useDatabase, query, type TestDatabase } from "./support/db.ts";
import { closeDb, withTransaction } from "../lib/db/index.ts";
import { createIntegration } from "../lib/integrations/create-integration.ts";
import { createSession } from "../lib/sessions/create-session.ts";
import { transitionSession } from "../lib/sessions/transition.ts";
import { parseCreateSession } from "../lib/validation/session.ts";
import { cliActor } from "../lib/audit/record.ts";
import { UNDO_WINDOW_MS, assignSession, commentOnSession, decideAsUser, undoDecisionAsUser } from "../lib/sessions/portal-actions.ts";

const kind = (process.env.TEST_DB_KIND as "server" | "pglite" | undefined) ?? "server";

describe(`review desk on ${kind}`, () => {
  let db: TestDatabase;
  let integration: string;
  let ada: { id: string; label: string; name: string };
  let bob: { id: string; label: string; name: string };

  const submitted = async () => {
    const data = parseCreateSession({ verification: { person: { firstName: "Sarah", lastName: "Morgan" } } });
    const s = await createSession({ id: integration, plan: "enterprise", rateCap: null }, data, { source: "api" });
    await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "submitted", actor: { type: "api" } }));
    return s.id;
  };
  const delivery = async (sessionId: string) =>
    (await query<{ state: string; body: string; next_attempt_at: Date; last_error: string | null }>(db.url, `SELECT state, body, next_attempt_at, last_error FROM webhook_deliveries WHERE session_id = $1 AND kind = 'decision' ORDER BY created_at DESC LIMIT 1`, [sessionId]))[0];

  beforeAll(async () => {
    db = await createDatabase(kind);
    useDatabase(db);
    setEnv({ APP_URL: "https://verify.example.com" });
    integration = (await createIntegration({ name: "Live shop", environment: "live", plan: "enterprise", reviewEnabled: true, decisionWebhookUrl: "https://hooks.example.com/d" }, cliActor)).id;
    const [a, b] = await query<{ id: string }>(db.url, `INSERT INTO users (email, name, role, password_hash) VALUES ('ada@x.test', 'Ada Admin', 'admin', 'x'), ('bob@x.test', 'Bob Reviewer', 'reviewer', 'x') RETURNING id`);
    ada = { id: a.id, label: "ada@x.test", name: "Ada Admin" };
    bob = { id: b.id, label: "bob@x.test", name: "Bob Reviewer" };
  });
  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("holds the decision webhook for the undo window, with the note and comments in its comments", async () => {
    const id = await submitted();
    await commentOnSession({ sessionId: id, body: "Called the customer: the photo is old.", actor: bob });
    const before = Date.now();
    await decideAsUser({ sessionId: id, decision: "declined", reasonCode: 102, note: "Edges of the photo look glued.", actor: ada });
    const d = await delivery(id);
    expect(d.state).toBe("pending");
    expect(new Date(d.next_attempt_at).getTime()).toBeGreaterThanOrEqual(before + UNDO_WINDOW_MS - 50);
    const comments = JSON.parse(d.body).verification.comments;
    expect(comments).toEqual([
      { type: "comment", comment: "Called the customer: the photo is old.", author: "Bob Reviewer", timestamp: expect.any(String) },
      { type: "note", comment: "Edges of the photo look glued.", author: "Ada Admin", timestamp: expect.any(String) },
    ]);
    const [note] = await query<{ decision_id: string | null }>(db.url, `SELECT decision_id FROM session_comments WHERE session_id = $1 AND body LIKE 'Edges%'`, [id]);
    expect(note.decision_id).not.toBeNull();
  });

  it("undo within the window: back to submitted, decision gone, webhook cancelled, timeline and audit kept", async () => {
    const id = await submitted();
    await decideAsUser({ sessionId: id, decision: "approved", actor: ada });
    await expect(undoDecisionAsUser({ sessionId: id, actor: bob })).rejects.toMatchObject({ code: "undo_unavailable" });
    expect(await undoDecisionAsUser({ sessionId: id, actor: ada })).toEqual({ status: "submitted" });
    const [s] = await query<{ status: string; decision_code: number | null }>(db.url, `SELECT status, decision_code FROM verification_sessions WHERE id = $1`, [id]);
    expect(s).toEqual({ status: "submitted", decision_code: null });
    expect(await query(db.url, `SELECT 1 FROM decisions WHERE session_id = $1`, [id])).toHaveLength(0);
    expect((await delivery(id)).state).toBe("cancelled");
    const events = await query<{ from_status: string; to_status: string }>(db.url, `SELECT from_status, to_status FROM session_events WHERE session_id = $1 ORDER BY id`, [id]);
    expect(events.at(-1)).toEqual({ from_status: "approved", to_status: "submitted" });
    expect(await query(db.url, `SELECT 1 FROM audit_logs WHERE action = 'session.decision_undo' AND target_id = $1`, [id])).toHaveLength(1);
    // Decided again afterwards: a fresh decision, its own held webhook.
    await decideAsUser({ sessionId: id, decision: "approved", actor: ada });
    expect((await delivery(id)).state).toBe("pending");
  });

  it("refuses the undo after the window and once the deliverer has claimed the webhook", async () => {
    const id = await submitted();
    await decideAsUser({ sessionId: id, decision: "approved", actor: ada });
    await expect(undoDecisionAsUser({ sessionId: id, actor: ada, now: new Date(Date.now() + UNDO_WINDOW_MS + 1000) })).rejects.toMatchObject({ code: "undo_expired" });
    await query(db.url, `UPDATE webhook_deliveries SET attempt_count = 1 WHERE session_id = $1`, [id]);
    await expect(undoDecisionAsUser({ sessionId: id, actor: ada })).rejects.toMatchObject({ code: "undo_expired" });
    expect((await query<{ status: string }>(db.url, `SELECT status FROM verification_sessions WHERE id = $1`, [id]))[0].status).toBe("approved");
  });

  it("a claimed session is its reviewer's: others cannot decide or take it; the holder or an admin unassigns", async () => {
    const id = await submitted();
    await assignSession({ sessionId: id, assign: true, actor: bob, isAdmin: false });
    await expect(decideAsUser({ sessionId: id, decision: "approved", actor: ada })).rejects.toMatchObject({ code: "assigned_to_other" });
    await expect(assignSession({ sessionId: id, assign: true, actor: ada, isAdmin: true })).rejects.toMatchObject({ code: "assigned_to_other" });
    expect(await assignSession({ sessionId: id, assign: false, actor: ada, isAdmin: true })).toEqual({ assignedTo: null });
    await assignSession({ sessionId: id, assign: true, actor: ada, isAdmin: true });
    await expect(assignSession({ sessionId: id, assign: false, actor: bob, isAdmin: false })).rejects.toMatchObject({ code: "assigned_to_other" });
    await decideAsUser({ sessionId: id, decision: "approved", actor: ada });
  });
});
