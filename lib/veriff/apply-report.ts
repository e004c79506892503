import type pg from "pg";
import { transitionSession } from "../sessions/transition.ts";
import type { SessionStatus } from "../sessions/codes.ts";
import { planChange, type Incoming } from "./payloads.ts";
import { recordAudit } from "../audit/record.ts";

export type Verdict = "applied" | "duplicate" | "stale" | "unknown_session";

export interface ReportOutcome {
  verdict: Verdict;
  detail: string | null;
  sessionId: string | null;
  /** The session's status afterwards (null when unknown). */
  status: SessionStatus | null;
}

/**
 * Applies what Veriff reports about a session (a webhook, or GET decision during reconcile) to the
 * local record, inside the caller's transaction: planChange decides whether it changes anything,
 * and a change goes through transitionSession (session event, decision, the integration's own
 * webhook in the outbox). A decision is kept whole in provider_data and makes the session's
 * reconcile row due now, to fetch its attempts, pictures and person data.
 */
export async function applyReport(client: pg.ClientBase, integrationId: string, inc: Incoming, source: "webhook" | "reconcile"): Promise<ReportOutcome> {
  const { rows } = await client.query<{ id: string; status: SessionStatus; current_attempt_id: string | null; decision_time: string | null }>(
    `SELECT id, status, current_attempt_id, provider_data -> 'decision' ->> 'decisionTime' AS decision_time
       FROM verification_sessions WHERE id = $1 AND integration_id = $2 AND provider = 'veriff' FOR UPDATE`,
    [inc.sessionId, integrationId],
  );
  const s = rows[0];
  if (!s) return { verdict: "unknown_session", detail: "No Veriff-backed session of this integration has this id.", sessionId: null, status: null };
  const attempts = await client.query<{ id: string }>(`SELECT id FROM attempts WHERE session_id = $1 ORDER BY number`, [s.id]);
  const last = await client.query<{ attempt_id: string | null; status: SessionStatus }>(
    `SELECT attempt_id, status FROM decisions WHERE session_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
    [s.id],
  );
  const plan = planChange(
    {
      status: s.status,
      currentAttemptId: s.current_attempt_id,
      attemptIds: attempts.rows.map((a) => a.id),
      lastDecision: last.rows[0] ? { attemptId: last.rows[0].attempt_id, status: last.rows[0].status, decisionTime: s.decision_time } : null,
    },
    inc,
  );
  if (!plan.apply) return { verdict: plan.verdict, detail: plan.detail, sessionId: s.id, status: s.status };

  const r = await transitionSession(client, {
    sessionId: s.id,
    integrationId,
    to: plan.to,
    reasonCode: inc.kind === "decision" ? inc.reasonCode : null,
    actor: { type: "veriff", label: source === "webhook" ? "Veriff webhook" : "Veriff (reconcile)" },
    upstream: { attemptId: inc.attemptId, reason: inc.kind === "decision" ? inc.reason : null, verification: inc.kind === "decision" ? inc.verification : undefined },
  });
  if (inc.kind === "decision") {
    // Veriff's decisions are in the audit log beside the back office's own.
    await recordAudit(client, { label: "veriff" }, "session.veriff_decision", { type: "session", id: s.id }, {
      before: { status: r.from },
      after: { status: r.to, code: r.code, reasonCode: r.reasonCode, via: source },
    });
    await client.query(`UPDATE verification_sessions SET provider_data = COALESCE(provider_data, '{}'::jsonb) || jsonb_build_object('decision', $2::jsonb) WHERE id = $1`, [
      s.id,
      JSON.stringify(inc.verification),
    ]);
    await client.query(
      `INSERT INTO veriff_syncs (session_id, integration_id, state, next_attempt_at) VALUES ($1, $2, 'pending', now())
       ON CONFLICT (session_id) DO UPDATE SET state = 'pending', next_attempt_at = now(), updated_at = now()`,
      [s.id, integrationId],
    );
  }
  return { verdict: "applied", detail: null, sessionId: s.id, status: plan.to };
}
