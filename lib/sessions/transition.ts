import type pg from "pg";
import { DomainError } from "../errors.ts";
import { canTransition } from "./state-machine.ts";
import {
  MAX_RESUBMISSIONS,
  declineReasons,
  isDecision,
  reasonText,
  resubmissionReasons,
  statusCode,
  type SessionStatus,
} from "./codes.ts";
import { decisionPayload, eventPayload, type SessionRow } from "./payloads.ts";
import { enqueueWebhook } from "../webhooks/enqueue.ts";
import { sessionComments } from "./session-comments.ts";
import { cancelEngineJobs, enqueueEngineJob } from "../engine/enqueue.ts";

export interface EventActor {
  /** api (an integration's key), end_user (the hosted flow), user (back office), cli, system (sweeper), veriff (a Veriff-backed session's upstream), engine (automated decisions). */
  type: "api" | "end_user" | "user" | "cli" | "system" | "veriff" | "engine";
  id?: string | null;
  label?: string | null;
}

export interface TransitionInput {
  sessionId: string;
  /** When given, the session must belong to this integration (API callers, scoped portal views). */
  integrationId?: string;
  to: SessionStatus;
  actor: EventActor;
  reasonCode?: number | null;
  /** Only when the current status is this one (optimistic guard for sweepers and retries). */
  expectFrom?: SessionStatus[];
  /** Only when this is still the session's current attempt (the engine deciding the attempt it checked). */
  expectAttemptId?: string;
  now?: Date;
  /**
   * A change Veriff reported for a Veriff-backed session (lib/veriff/): Veriff has already decided
   * it is legal, so it is applied as reported (lib/veriff/payloads.ts planChange orders and
   * deduplicates), on Veriff's attempt id, with Veriff's reason, and the decision webhook to the
   * integration's own URL carries Veriff's decision object.
   */
  upstream?: { attemptId: string | null; reason?: string | null; verification?: Record<string, unknown> };
  /** A decision's webhook waits at least this long (a reviewer's undo window: it must not go out while the decision can be undone). */
  holdWebhookMs?: number;
  /** The reviewer's note written with this decision (a session comment): `type: "note"` in the payload's comments. */
  noteId?: string | null;
}

export interface TransitionResult {
  sessionId: string;
  from: SessionStatus;
  to: SessionStatus;
  attemptId: string | null;
  code: number | null;
  reasonCode: number | null;
}

interface LockedSession extends SessionRow {
  integration_id: string;
  provider: "checkpoint" | "veriff";
  status: SessionStatus;
  current_attempt_id: string | null;
  attempt_count: number;
  environment: "test" | "live";
  review_enabled: boolean;
  decision_webhook_url: string | null;
  event_webhook_url: string | null;
  auto_decide: boolean;
  verified_data: SessionRow["verified_data"];
}

/**
 * As Veriff: a resubmission_requested decision on an attempt the person submitted in the hosted
 * flow is held this long, so that they can retry in the flow; retrying within it cancels the
 * webhook (the next decision is the one the integrator hears of). Attempts submitted through the
 * API (media upload, then PATCH) get theirs at once.
 */
export const RESUBMISSION_HOLD_MS = 5 * 60_000;

async function submittedInFlow(client: pg.ClientBase, sessionId: string, attemptId: string | null): Promise<boolean> {
  const { rows } = await client.query<{ actor_type: string }>(
    `SELECT actor_type FROM session_events WHERE session_id = $1 AND attempt_id IS NOT DISTINCT FROM $2 AND to_status = 'submitted' ORDER BY id DESC LIMIT 1`,
    [sessionId, attemptId],
  );
  return rows[0]?.actor_type === "end_user";
}

function assertAllowed(s: LockedSession, to: SessionStatus, reasonCode: number | null) {
  if (!canTransition(s.status, to)) {
    throw new DomainError("illegal_transition", `Cannot transition to "${to}" from "${s.status}".`);
  }
  if (to === "declined" && (reasonCode == null || !(reasonCode in declineReasons))) {
    throw new DomainError("reason_required", "A decline needs a declined reason code (1xx or 5xx).", "reasonCode");
  }
  if (to === "resubmission_requested" && (reasonCode == null || !(reasonCode in resubmissionReasons))) {
    throw new DomainError("reason_required", "A resubmission request needs a resubmission reason code (2xx or 6xx).", "reasonCode");
  }
  if (to === "review" && !s.review_enabled) {
    throw new DomainError("review_disabled", "Review status is not enabled for this integration.");
  }
}

/**
 * The one way a session changes status. Runs inside the caller's transaction (client): locks
 * the session row, refuses illegal transitions, records the event (and the decision), and
 * writes the webhook to the outbox in the same transaction.
 */
export async function transitionSession(client: pg.ClientBase, input: TransitionInput): Promise<TransitionResult> {
  const params: unknown[] = [input.sessionId];
  let scope = "";
  if (input.integrationId) {
    params.push(input.integrationId);
    scope = "AND s.integration_id = $2";
  }
  const { rows } = await client.query<LockedSession>(
    `SELECT s.id, s.integration_id, s.provider, s.status, s.vendor_data, s.end_user_id, s.person, s.document, s.address, s.created_at,
            s.current_attempt_id, s.attempt_count, i.environment, i.review_enabled, i.decision_webhook_url, i.event_webhook_url,
            i.auto_decide, a.verified_data
       FROM verification_sessions s JOIN integrations i ON i.id = s.integration_id LEFT JOIN attempts a ON a.id = s.current_attempt_id
      WHERE s.id = $1 ${scope} FOR UPDATE OF s`,
    params,
  );
  const s = rows[0];
  if (!s) throw new DomainError("session_not_found", "Session not found.");
  if (input.expectFrom && !input.expectFrom.includes(s.status)) {
    throw new DomainError("status_changed", `The session is ${s.status} now.`);
  }
  if (input.expectAttemptId && s.current_attempt_id !== input.expectAttemptId) {
    throw new DomainError("status_changed", "The session has a newer attempt now.");
  }

  let to = input.to;
  let reasonCode = input.reasonCode ?? null;
  const up = input.upstream;
  // A change Veriff reported is applied as reported: Checkpoint's own rules are for its own engine.
  if (!up && s.provider === "veriff") {
    throw new DomainError("veriff_session", "This session lives at Veriff: Veriff decides it, and its webhooks and reconcile bring each change here.");
  }
  if (!up) assertAllowed(s, to, reasonCode);
  if (to !== "declined" && to !== "resubmission_requested") reasonCode = null;
  // At most 9 resubmissions: a resubmission asked of the 10th attempt declines the session.
  if (!up && to === "resubmission_requested" && s.attempt_count >= MAX_RESUBMISSIONS + 1) {
    to = "declined";
    reasonCode = 539;
  }

  const now = input.now ?? new Date();
  let attemptId = s.current_attempt_id;
  let attemptCount = s.attempt_count;
  if (up?.attemptId && up.attemptId !== attemptId) {
    // Veriff's attempt, under Veriff's id (a repeated report finds it already there).
    const a = await client.query<{ id: string }>(
      `INSERT INTO attempts (id, session_id, number, status, created_at) VALUES ($1, $2, $3, $4::"SessionStatus", $5) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [up.attemptId, s.id, attemptCount + 1, to, now],
    );
    if (a.rowCount) attemptCount += 1;
    // An id another session's attempt already has is not adopted (an upstream cannot reach other sessions' rows).
    const own = await client.query(`UPDATE attempts SET status = $2::"SessionStatus" WHERE id = $1 AND session_id = $3`, [up.attemptId, to, s.id]);
    if (own.rowCount) attemptId = up.attemptId;
  } else if (!up && to === "started" && s.status === "resubmission_requested") {
    attemptCount += 1;
    const a = await client.query<{ id: string }>(
      `INSERT INTO attempts (session_id, number, status, created_at) VALUES ($1, $2, 'started', $3) RETURNING id`,
      [s.id, attemptCount, now],
    );
    attemptId = a.rows[0].id;
    // Retrying in the flow answers a held resubmission request: its webhook is not sent.
    await client.query(
      `UPDATE webhook_deliveries SET state = 'cancelled', last_error = 'Not sent: the person retried in the flow within the hold.'
        WHERE session_id = $1 AND kind = 'decision' AND state = 'pending' AND attempt_count = 0 AND next_attempt_at > $2
          AND body::jsonb -> 'verification' ->> 'status' = 'resubmission_requested'`,
      [s.id, now],
    );
  } else if (attemptId) {
    await client.query(
      `UPDATE attempts SET status = $2::"SessionStatus", submitted_at = CASE WHEN $2::text = 'submitted' THEN $3 ELSE submitted_at END WHERE id = $1`,
      [attemptId, to, now],
    );
  }

  const code = statusCode[to] ?? null;
  const decision = isDecision(to);
  const reason = up?.reason ?? reasonText(reasonCode);
  const updated = await client.query<SessionRow>(
    `UPDATE verification_sessions SET
        status = $2::"SessionStatus",
        current_attempt_id = $3,
        attempt_count = $4,
        started_at = CASE WHEN $2::text = 'started' THEN COALESCE(started_at, $5) ELSE started_at END,
        submitted_at = CASE WHEN $2::text = 'submitted' THEN $5 ELSE submitted_at END,
        decided_at = CASE WHEN $6::boolean THEN $5 ELSE decided_at END,
        decision_code = CASE WHEN $6 THEN $7 ELSE decision_code END,
        reason_code = CASE WHEN $6 THEN $8 ELSE reason_code END,
        updated_at = $5
      WHERE id = $1
      RETURNING id, status, vendor_data, end_user_id, person, document, address, created_at`,
    [s.id, to, attemptId, attemptCount, now, decision, code, reasonCode],
  );
  await client.query(
    `INSERT INTO session_events (session_id, attempt_id, from_status, to_status, code, actor_type, actor_id, actor_label, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [s.id, attemptId, s.status, to, code, input.actor.type, input.actor.id ?? null, input.actor.label ?? null, now],
  );

  const row = { ...updated.rows[0], verified_data: s.verified_data };
  if (to === "submitted" && s.auto_decide && attemptId && !up) {
    // The engine's job is written with the submission, as a webhook is (the outbox pattern).
    await enqueueEngineJob(client, { integrationId: s.integration_id, sessionId: s.id, attemptId, testPanel: s.environment === "test" && input.actor.type === "end_user", now });
  } else if (input.actor.type !== "engine" && (decision || to === "started")) {
    // Someone else decided (a reviewer, the TEST panel) or the attempt was reopened: the engine's pending job is moot.
    await cancelEngineJobs(client, s.id, `Not run: ${to} by ${input.actor.label ?? input.actor.type} first.`);
  }
  if (decision) {
    await client.query(
      `INSERT INTO decisions (session_id, attempt_id, status, code, reason_code, reason, decided_by_id, decided_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [s.id, attemptId, to, code, reasonCode, reason, input.actor.type === "user" ? (input.actor.id ?? null) : null, input.actor.label ?? input.actor.type, now],
    );
    if (s.decision_webhook_url) {
      const body = up?.verification
        ? { status: "success", verification: up.verification, technicalData: { ip: null } }
        : decisionPayload({ ...row, comments: await sessionComments(client, s.id, input.noteId) }, { attempt_id: attemptId, status: to, code: code!, reason_code: reasonCode, reason, created_at: now });
      const hold = Math.max(input.holdWebhookMs ?? 0, to === "resubmission_requested" && (await submittedInFlow(client, s.id, attemptId)) ? RESUBMISSION_HOLD_MS : 0);
      const notBefore = hold ? new Date(now.getTime() + hold) : undefined;
      await enqueueWebhook(client, { integrationId: s.integration_id, sessionId: s.id, kind: "decision", url: s.decision_webhook_url, body, notBefore });
    }
  } else if ((code === 7001 || code === 7002) && s.event_webhook_url) {
    await enqueueWebhook(client, { integrationId: s.integration_id, sessionId: s.id, kind: "event", url: s.event_webhook_url, body: eventPayload(row, attemptId, code) });
  }
  return { sessionId: s.id, from: s.status, to, attemptId, code, reasonCode };
}
