import { scrubSessionLogs } from "../../privacy/scrub-session-logs.ts";
import { appUrl } from "../../config.ts";
import { pool, withTransaction } from "../../db/index.ts";
import { DomainError } from "../../errors.ts";
import { sessionUrl, signSessionToken } from "../../sessions/token.ts";
import { transitionSession } from "../../sessions/transition.ts";
import type { SessionStatus } from "../../sessions/codes.ts";
import { authenticate, requireSignedRequest, type ApiCaller } from "../auth.ts";
import { JSON_LIMIT, parseJson, readBody } from "../body.ts";
import { veriffError, notFound, sendJson } from "../errors.ts";
import type { ApiContext } from "../context.ts";
import { deleteAtVeriff, sessionProvider } from "../../veriff/delete-at-veriff.ts";

const actorFor = (caller: ApiCaller) => ({ type: "api" as const, id: caller.apiKey, label: `api key ${caller.apiKey.slice(0, 8)}` });

/** PATCH /v1/sessions/{id}: {"verification":{"status":"submitted"}} ends the API-only flow. */
export async function patchSession({ req, res, id }: ApiContext) {
  const caller = await authenticate(req.headers);
  const raw = await readBody(req, JSON_LIMIT);
  requireSignedRequest(req.headers, caller, raw, "body");
  const json = parseJson(raw) as { verification?: { status?: unknown } } | null;
  const v = json && typeof json === "object" && !Array.isArray(json) ? json.verification : undefined;
  if (!v || typeof v !== "object" || v.status === undefined || v.status === null) {
    throw veriffError(400, "1102", "Mandatory parameters are missing from the request: verification.status.");
  }
  if (v.status !== "submitted") throw veriffError(400, "1303", "Invalid status: only \"submitted\" can be set.");
  if (!id) throw notFound();
  try {
    await withTransaction((c) => transitionSession(c, { sessionId: id, integrationId: caller.integrationId, to: "submitted", actor: actorFor(caller) }));
  } catch (e) {
    if (e instanceof DomainError && e.code === "illegal_transition") throw veriffError(400, "1304", 'Cannot transition to "submitted".');
    throw e;
  }
  const { rows } = await pool().query<{ status: string; vendor_data: string | null; end_user_id: string | null; created_at: Date }>(
    `SELECT status, vendor_data, end_user_id, created_at FROM verification_sessions WHERE id = $1 AND integration_id = $2`,
    [id, caller.integrationId],
  );
  const s = rows[0];
  if (!s) throw notFound();
  const token = signSessionToken(id, new Date(s.created_at));
  const base = appUrl();
  sendJson(res, 200, {
    status: "success",
    verification: { id, url: sessionUrl(base, token), vendorData: s.vendor_data, endUserId: s.end_user_id, host: new URL(base).origin, status: s.status, sessionToken: token },
  });
}

// Veriff's statuses a session may be deleted in (shared/veriff-api.md §1.6).
const deletable: readonly SessionStatus[] = ["created", "started", "abandoned", "expired", "approved", "resubmission_requested", "declined", "review"];
// 5 per hour and 10 per 24 h per integration: Veriff's DELETE limits.
export const DELETE_CAPS = { hour: 5, day: 10 } as const;

/**
 * DELETE /v1/sessions/{id}. A session that was still open (created, started, resubmission
 * requested) first ends as expired or abandoned, so its decision webhook is in the outbox
 * (which keeps the row: webhook_deliveries.session_id is ON DELETE SET NULL); then the session
 * and everything under it goes, in the same transaction.
 */
export async function deleteSession({ req, res, id, rawId }: ApiContext) {
  const caller = await authenticate(req.headers);
  requireSignedRequest(req.headers, caller, rawId, "id");
  if (!id) throw notFound();
  // A Veriff-backed session is deleted at Veriff first; its refusal keeps it here too.
  const atVeriff = (await sessionProvider(id, caller.integrationId))?.provider === "veriff";
  if (atVeriff) await deleteAtVeriff(caller.integrationId, id);
  await withTransaction(async (c) => {
    const { rows } = await c.query<{ status: SessionStatus }>(`SELECT status FROM verification_sessions WHERE id = $1 AND integration_id = $2 FOR UPDATE`, [id, caller.integrationId]);
    const s = rows[0];
    if (!s) throw notFound();
    if (s.status === "submitted") throw veriffError(400, "1306", "Session is in progress: it cannot be deleted until it is decided.");
    if (!deletable.includes(s.status)) throw veriffError(400, "1305", "Session is not in a completed status.");
    const limited = await c.query<{ h: number; d: number }>(
      `WITH h AS (
         INSERT INTO rate_windows (integration_id, bucket, window_start, count) VALUES ($1, 'delete-h', date_trunc('hour', now()), 1)
         ON CONFLICT (integration_id, bucket, window_start) DO UPDATE SET count = rate_windows.count + 1 WHERE rate_windows.count < $2
         RETURNING 1
       ), d AS (
         INSERT INTO rate_windows (integration_id, bucket, window_start, count) VALUES ($1, 'delete-d', date_trunc('day', now()), 1)
         ON CONFLICT (integration_id, bucket, window_start) DO UPDATE SET count = rate_windows.count + 1 WHERE rate_windows.count < $3
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM h)::int AS h, (SELECT count(*) FROM d)::int AS d`,
      [caller.integrationId, DELETE_CAPS.hour, DELETE_CAPS.day],
    );
    const { h, d } = limited.rows[0];
    if (h !== 1 || d !== 1) {
      // The transaction rolls back, so neither window counts this refused delete.
      const now = new Date();
      const retry = d === 1 ? 3600 - (now.getUTCMinutes() * 60 + now.getUTCSeconds()) : 86400 - (now.getUTCHours() * 3600 + now.getUTCMinutes() * 60 + now.getUTCSeconds());
      throw new DomainError("rate_limited", `Too many deletions: at most ${DELETE_CAPS.hour} per hour and ${DELETE_CAPS.day} per day for this integration.`, { veriffCode: "429", retryAfter: Math.max(1, retry) });
    }
    // Before the transition: the expired/abandoned webhook it queues is still sent as Veriff sends it.
    await scrubSessionLogs(c, [id], { decisionsOnly: true });
    if (s.status === "created" || s.status === "started" || s.status === "resubmission_requested") {
      await transitionSession(c, {
        sessionId: id,
        integrationId: caller.integrationId,
        to: s.status === "created" ? "expired" : "abandoned",
        actor: actorFor(caller),
        // Veriff ended it as it deleted it (its own webhook about that finds the session gone).
        upstream: atVeriff ? { attemptId: null } : undefined,
      });
    }
    await c.query(`DELETE FROM verification_sessions WHERE id = $1 AND integration_id = $2`, [id, caller.integrationId]);
  });
  sendJson(res, 200, { status: "success", verification: { id } });
}
