import { scrubSessionLogs } from "../privacy/scrub-session-logs.ts";
import { pool, withTransaction } from "../db/index.ts";
import { DomainError } from "../errors.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { transitionSession, type TransitionResult } from "./transition.ts";
import type pg from "pg";
import type { DecisionChoice, SessionStatus } from "./codes.ts";
import { insertSessionComment } from "./session-comments.ts";
import { deleteAtVeriff, sessionProvider } from "../veriff/delete-at-veriff.ts";

/**
 * How long a reviewer's decision can be undone. The decision is applied at once (the page, the
 * list and the API show it) but its decision webhook is held in the outbox until the window
 * closes, so an undone decision is never reported: undo cancels the held delivery.
 */
export const UNDO_WINDOW_MS = 10_000;

export interface PortalUser extends Actor {
  id: string;
  name: string;
}

/** Refuses work on a session another reviewer has claimed. */
async function assertNotClaimedByOther(client: pg.ClientBase, sessionId: string, userId: string): Promise<void> {
  const { rows } = await client.query<{ name: string | null }>(
    `SELECT u.name FROM verification_sessions s JOIN users u ON u.id = s.assigned_to_id WHERE s.id = $1 AND s.assigned_to_id <> $2`,
    [sessionId, userId],
  );
  if (rows[0]) throw new DomainError("assigned_to_other", `${rows[0].name} is working on this session (assigned to them): ask them, or unassign it first.`);
}

/**
 * A back-office user decides a session: the transition, its event, decision and webhook (held
 * for the undo window), the reviewer's note (in the webhook's `comments`) and an audit row in one transaction.
 */
export async function decideAsUser(input: { sessionId: string; decision: DecisionChoice; reasonCode?: number | null; note?: string | null; actor: PortalUser }): Promise<TransitionResult> {
  return withTransaction(async (client) => {
    await assertNotClaimedByOther(client, input.sessionId, input.actor.id);
    // The note is written first so that the decision payload, built inside the transition, carries it.
    const noteId = input.note ? await insertSessionComment(client, { sessionId: input.sessionId, authorId: input.actor.id, authorName: input.actor.name, body: input.note }) : null;
    const r = await transitionSession(client, {
      sessionId: input.sessionId,
      to: input.decision,
      reasonCode: input.reasonCode ?? null,
      actor: { type: "user", id: input.actor.id, label: input.actor.label },
      holdWebhookMs: UNDO_WINDOW_MS,
      noteId,
    });
    if (noteId) {
      await client.query(
        `UPDATE session_comments SET decision_id = (SELECT id FROM decisions WHERE session_id = $2 ORDER BY created_at DESC, id DESC LIMIT 1) WHERE id = $1`,
        [noteId, input.sessionId],
      );
    }
    await recordAudit(client, input.actor, "session.decide", { type: "session", id: input.sessionId }, { before: { status: r.from }, after: { status: r.to, code: r.code, reasonCode: r.reasonCode, note: input.note ?? undefined } });
    return r;
  });
}

/**
 * Takes back the user's own decision within UNDO_WINDOW_MS: the session returns to the status it
 * had (submitted or review), the decision row goes, the held webhook is cancelled; the timeline
 * and the audit log keep what happened. Refused once the window has closed or the webhook has
 * been claimed by the deliverer (the row lock orders the two: whichever comes first wins).
 */
export async function undoDecisionAsUser(input: { sessionId: string; actor: PortalUser; now?: Date }): Promise<{ status: SessionStatus }> {
  return withTransaction(async (client) => {
    const now = input.now ?? new Date();
    const { rows: sr } = await client.query<{ status: SessionStatus; current_attempt_id: string | null }>(
      `SELECT status, current_attempt_id FROM verification_sessions WHERE id = $1 FOR UPDATE`,
      [input.sessionId],
    );
    if (!sr[0]) throw new DomainError("session_not_found", "Session not found.");
    const { rows: dr } = await client.query<{ id: string; status: SessionStatus; decided_by_id: string | null; created_at: Date }>(
      `SELECT id, status, decided_by_id, created_at FROM decisions WHERE session_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [input.sessionId],
    );
    const d = dr[0];
    if (!d || d.status !== sr[0].status || d.decided_by_id !== input.actor.id) throw new DomainError("undo_unavailable", "There is no decision of yours on this session to undo.");
    if (now.getTime() - new Date(d.created_at).getTime() > UNDO_WINDOW_MS) throw new DomainError("undo_expired", "Too late to undo: the 10 seconds have passed and the decision webhook is on its way.");
    const { rows: held } = await client.query<{ id: string; state: string; attempt_count: number }>(
      // This decision's delivery: its body carries the decision's time (decisionTime).
      `SELECT id, state, attempt_count FROM webhook_deliveries
        WHERE session_id = $1 AND kind = 'decision' AND body::jsonb -> 'verification' ->> 'decisionTime' = $2 FOR UPDATE`,
      [input.sessionId, new Date(d.created_at).toISOString()],
    );
    if (held.some((w) => w.state !== "pending" || w.attempt_count > 0)) throw new DomainError("undo_expired", "Too late to undo: the decision webhook has already been sent.");
    await client.query(`UPDATE webhook_deliveries SET state = 'cancelled', last_error = $2 WHERE id = ANY($1::uuid[])`, [held.map((w) => w.id), `Not sent: ${input.actor.name} undid the decision within 10 seconds.`]);
    const { rows: er } = await client.query<{ from_status: SessionStatus }>(
      `SELECT from_status FROM session_events WHERE session_id = $1 AND to_status = $2 ORDER BY id DESC LIMIT 1`,
      [input.sessionId, d.status],
    );
    const back = er[0]?.from_status ?? "submitted";
    const { rows: pr } = await client.query<{ code: number; reason_code: number | null; created_at: Date }>(
      `SELECT code, reason_code, created_at FROM decisions WHERE session_id = $1 AND id <> $2 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [input.sessionId, d.id],
    );
    const prev = pr[0] ?? null;
    await client.query(`UPDATE session_comments SET decision_id = NULL WHERE decision_id = $1`, [d.id]);
    await client.query(`DELETE FROM decisions WHERE id = $1`, [d.id]);
    await client.query(
      `UPDATE verification_sessions SET status = $2::"SessionStatus", decided_at = $3, decision_code = $4, reason_code = $5, updated_at = $6 WHERE id = $1`,
      [input.sessionId, back, prev?.created_at ?? null, prev?.code ?? null, prev?.reason_code ?? null, now],
    );
    if (sr[0].current_attempt_id) await client.query(`UPDATE attempts SET status = $2::"SessionStatus" WHERE id = $1`, [sr[0].current_attempt_id, back]);
    await client.query(
      `INSERT INTO session_events (session_id, attempt_id, from_status, to_status, code, actor_type, actor_id, actor_label, created_at)
       VALUES ($1, $2, $3, $4, NULL, 'user', $5, $6, $7)`,
      [input.sessionId, sr[0].current_attempt_id, d.status, back, input.actor.id, input.actor.label, now],
    );
    await recordAudit(client, input.actor, "session.decision_undo", { type: "session", id: input.sessionId }, { before: { status: d.status }, after: { status: back } });
    return { status: back };
  });
}

/** A reviewer's comment on a session: listed on the page, and in the next decision webhook's `comments`. */
export async function commentOnSession(input: { sessionId: string; body: string; actor: PortalUser }): Promise<void> {
  await withTransaction(async (client) => {
    const { rowCount } = await client.query(`SELECT 1 FROM verification_sessions WHERE id = $1`, [input.sessionId]);
    if (!rowCount) throw new DomainError("session_not_found", "Session not found.");
    await insertSessionComment(client, { sessionId: input.sessionId, authorId: input.actor.id, authorName: input.actor.name, body: input.body });
    await recordAudit(client, input.actor, "session.comment", { type: "session", id: input.sessionId }, { after: { comment: input.body } });
  });
}

/**
 * Claims a session for the user (assign: true) or gives it up. A session someone else holds is
 * theirs until they (or an admin) unassign it.
 */
export async function assignSession(input: { sessionId: string; assign: boolean; actor: PortalUser; isAdmin: boolean }): Promise<{ assignedTo: string | null }> {
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ assigned_to_id: string | null; name: string | null }>(
      `SELECT s.assigned_to_id, u.name FROM verification_sessions s LEFT JOIN users u ON u.id = s.assigned_to_id WHERE s.id = $1 FOR UPDATE OF s`,
      [input.sessionId],
    );
    if (!rows[0]) throw new DomainError("session_not_found", "Session not found.");
    const holder = rows[0].assigned_to_id;
    if (holder && holder !== input.actor.id && !(input.isAdmin && !input.assign)) {
      throw new DomainError("assigned_to_other", `${rows[0].name} is working on this session: only they or an admin can unassign it.`);
    }
    const to = input.assign ? input.actor.id : null;
    await client.query(`UPDATE verification_sessions SET assigned_to_id = $2, assigned_at = CASE WHEN $2::uuid IS NULL THEN NULL ELSE now() END WHERE id = $1`, [input.sessionId, to]);
    await recordAudit(client, input.actor, input.assign ? "session.assign" : "session.unassign", { type: "session", id: input.sessionId }, { before: { assignedTo: holder }, after: { assignedTo: to } });
    return { assignedTo: to };
  });
}

/** Deletes a session and, by cascade, its attempts, media, events and decisions; a Veriff-backed one at Veriff first. */
export async function deleteSessionAsUser(sessionId: string, actor: Actor): Promise<void> {
  const where = await sessionProvider(sessionId).catch(() => null);
  if (where?.provider === "veriff") await deleteAtVeriff(where.integrationId, sessionId);
  await withTransaction(async (client) => {
    await scrubSessionLogs(client, [sessionId], { decisionsOnly: true });
    const { rows } = await client.query<{ integration_id: string; status: string; vendor_data: string | null }>(
      `DELETE FROM verification_sessions WHERE id = $1::uuid RETURNING integration_id, status, vendor_data`,
      [sessionId],
    );
    if (!rows[0]) throw new DomainError("session_not_found", "Session not found.");
    await recordAudit(client, actor, "session.delete", { type: "session", id: sessionId }, { before: { integrationId: rows[0].integration_id, status: rows[0].status, vendorData: rows[0].vendor_data } });
  });
}

export const REVIEW_WAITING_CAP = 1000;

export type QueueEnvironment = "live" | "test" | "all";

/**
 * The oldest session that waits for a person's decision, for the review queue, skipping the
 * given ids: submitted ones, and those a reviewer (or Veriff-style review decision) put in
 * review, which still need their final decision. Live integrations' by default, test ones' or
 * both on request; sessions another reviewer has claimed are left to them. One index-ordered
 * branch per status off (status, created_at, id), merged: `status IN (…)` would fetch and sort
 * every waiting session. The waiting counts (this environment, and the test integrations') stop
 * at REVIEW_WAITING_CAP.
 */
export async function nextInReviewQueue(
  skip: string[] = [],
  opts: { environment?: QueueEnvironment; userId?: string } = {},
): Promise<{ id: string | null; status: "submitted" | "review" | null; waiting: number; testWaiting: number }> {
  const envs = opts.environment === "all" ? ["live", "test"] : [opts.environment ?? "live"];
  const mine = `(s.assigned_to_id IS NULL OR s.assigned_to_id = $4::uuid)`;
  const branch = (status: string) =>
    `(SELECT s.id, s.status, s.created_at FROM verification_sessions s JOIN integrations i ON i.id = s.integration_id
       WHERE s.status = '${status}' AND i.environment::text = ANY($3::text[]) AND s.provider = 'checkpoint' AND ${mine} AND NOT (s.id = ANY($1::uuid[]))
       ORDER BY s.created_at ASC, s.id ASC LIMIT 1)`;
  const count = (env: string) => `(SELECT count(*)::int FROM (SELECT 1 FROM verification_sessions s JOIN integrations i ON i.id = s.integration_id
              WHERE s.status IN ('submitted', 'review') AND ${env} AND s.provider = 'checkpoint' AND ${mine} LIMIT $2) x)`;
  const { rows } = await pool().query<{ id: string | null; status: "submitted" | "review" | null; waiting: number; testWaiting: number }>(
    `SELECT n.id, n.status, ${count("i.environment::text = ANY($3::text[])")} AS waiting, ${count("i.environment = 'test'")} AS "testWaiting"
       FROM (SELECT 1) one
       LEFT JOIN (SELECT * FROM (${branch("submitted")} UNION ALL ${branch("review")}) b ORDER BY created_at ASC, id ASC LIMIT 1) n ON true`,
    [skip, REVIEW_WAITING_CAP + 1, envs, opts.userId ?? null],
  );
  return rows[0];
}
