import { pool, withTransaction } from "../db/index.ts";
import { finalStatuses, sessionStatuses, type SessionStatus } from "../sessions/codes.ts";
import { sniffMimetype } from "../media/store-media.ts";
import { insertMedia } from "../media/media-store.ts";
import { veriffSyncPollMs } from "../config.ts";
import { answerJson, callVeriff, loadVeriffCredentials, refusalFor, unreachableRefusal, VeriffRefusal, type VeriffCredentials } from "./client.ts";
import { UpstreamUnreachable } from "./http.ts";
import { applyReport } from "./apply-report.ts";
import { parseIncoming } from "./payloads.ts";
import { onReconcileWake } from "./reconcile-signal.ts";

// Reconcile: the outbox's shape (lib/webhooks/deliver.ts) for asking Veriff. A row per Veriff-backed
// session (veriff_syncs), written with the session; claimed with a lease and SKIP LOCKED, so several
// processes share the work and a crashed one's rows come back; every attempt is recorded.

/** Longer than one run of a session (decision, attempts, media, person: a few calls of 10 s at most each). */
export const SYNC_LEASE_MS = 5 * 60_000;
export const SYNC_BASE_MS = 30_000;
export const SYNC_CAP_MS = 60 * 60_000;
/** Veriff ends an untouched session after 7 days and reports it (9104); past 8 days nobody waits any more. */
export const SYNC_HORIZON_MS = 8 * 24 * 60 * 60_000;

export const syncDelayMs = (attempt: number) => Math.min(SYNC_BASE_MS * 2 ** Math.max(0, attempt - 1), SYNC_CAP_MS);

interface ClaimedSync {
  session_id: string;
  integration_id: string;
  attempt_count: number;
  session_created_at: Date;
}

/** Claims rows due by `dueBy` (default now), optionally of one integration. */
export async function claimSyncs(limit: number, opts: { integrationId?: string; dueBy?: Date } = {}): Promise<ClaimedSync[]> {
  const { rows } = await pool().query<ClaimedSync>(
    `WITH claimed AS (
       UPDATE veriff_syncs v SET locked_until = now() + $2 * interval '1 millisecond', attempt_count = v.attempt_count + 1, updated_at = now()
        WHERE v.session_id IN (
          SELECT session_id FROM veriff_syncs
           WHERE state = 'pending' AND next_attempt_at <= COALESCE($3::timestamptz, now())
             AND (locked_until IS NULL OR locked_until <= now())
             AND ($4::uuid IS NULL OR integration_id = $4::uuid)
           ORDER BY next_attempt_at
           LIMIT $1
           FOR UPDATE SKIP LOCKED)
       RETURNING v.session_id, v.integration_id, v.attempt_count)
     SELECT c.*, s.created_at AS session_created_at FROM claimed c JOIN verification_sessions s ON s.id = c.session_id`,
    [limit, SYNC_LEASE_MS, opts.dueBy ?? null, opts.integrationId ?? null],
  );
  return rows;
}

export interface SyncOutcome {
  sessionId: string;
  outcome: string;
  decided: boolean;
  media: number;
  error: string | null;
}

async function finish(row: ClaimedSync, r: { state: "pending" | "done"; nextInMs?: number; outcome: string; statusCode: number | null; error: string | null; durationMs: number }) {
  await withTransaction(async (c) => {
    await c.query(`INSERT INTO veriff_sync_attempts (session_id, duration_ms, outcome, status_code, error) VALUES ($1, $2, $3, $4, $5)`, [
      row.session_id,
      r.durationMs,
      r.outcome,
      r.statusCode,
      r.error,
    ]);
    await c.query(
      `UPDATE veriff_syncs SET state = $2, locked_until = NULL, next_attempt_at = now() + $3 * interval '1 millisecond', last_status_code = $4, last_error = $5, updated_at = now()
        WHERE session_id = $1`,
      [row.session_id, r.state, r.nextInMs ?? 0, r.statusCode, r.error],
    );
  });
}

const signedGet = (creds: VeriffCredentials, path: string, id: string) => callVeriff(creds, { method: "GET", path, signOver: id });

async function getJson(creds: VeriffCredentials, path: string, id: string, what: string) {
  const a = await signedGet(creds, path, id);
  const json = answerJson(a);
  if (a.status !== 200 || !json) throw refusalFor(a, what);
  return json;
}

/**
 * After a decision: Veriff's attempts, each attempt's pictures (bytes included, so reviewers see
 * them in Checkpoint) and its person data. Media already stored are not fetched again.
 */
async function fetchAttemptsAndMedia(creds: VeriffCredentials, sessionId: string): Promise<number> {
  const attempts = await getJson(creds, `/v1/sessions/${sessionId}/attempts`, sessionId, "the attempts list");
  const list = (Array.isArray(attempts.verifications) ? attempts.verifications : []) as { id?: unknown; status?: unknown; createdTime?: unknown }[];
  let fetched = 0;
  // Veriff lists the newest first; numbered here oldest first.
  for (const a of [...list].reverse()) {
    if (typeof a.id !== "string") continue;
    const attemptId = a.id.toLowerCase();
    const status = typeof a.status === "string" && (sessionStatuses as readonly string[]).includes(a.status) ? (a.status as SessionStatus) : null;
    const ours = await withTransaction(async (c) => {
      await c.query(`SELECT 1 FROM verification_sessions WHERE id = $1 FOR UPDATE`, [sessionId]);
      await c.query(
        `INSERT INTO attempts (id, session_id, number, status, created_at)
         SELECT $1, $2, COALESCE(max(number), 0) + 1, COALESCE($3::"SessionStatus", 'submitted'), COALESCE($4::timestamptz, now()) FROM attempts WHERE session_id = $2
         ON CONFLICT (id) DO NOTHING`,
        [attemptId, sessionId, status, typeof a.createdTime === "string" ? a.createdTime : null],
      );
      if (status) await c.query(`UPDATE attempts SET status = $2::"SessionStatus" WHERE id = $1 AND session_id = $3`, [attemptId, status, sessionId]);
      return (await c.query(`SELECT 1 FROM attempts WHERE id = $1 AND session_id = $2`, [attemptId, sessionId])).rowCount === 1;
    });
    // An attempt id that belongs to another session is not this session's: its media are not fetched.
    if (!ours) continue;
    const media = await getJson(creds, `/v1/attempts/${attemptId}/media`, attemptId, "the media list");
    const images = [...(Array.isArray(media.images) ? media.images : []), ...(Array.isArray(media.videos) ? media.videos : [])] as { id?: unknown; context?: unknown; name?: unknown; mimetype?: unknown }[];
    for (const m of images) {
      if (typeof m.id !== "string") continue;
      const mediaId = m.id.toLowerCase();
      const have = await pool().query(`SELECT 1 FROM media WHERE id = $1`, [mediaId]);
      if (have.rowCount) continue;
      const file = await signedGet(creds, `/v1/media/${mediaId}`, mediaId);
      if (file.status !== 200) throw refusalFor(file, "a picture download");
      const mimetype = sniffMimetype(file.body) ?? (typeof m.mimetype === "string" ? m.mimetype : "application/octet-stream");
      const context = typeof m.context === "string" ? m.context : "unknown";
      const name = typeof m.name === "string" ? m.name : `${context}`;
      const inserted = await withTransaction((c) => insertMedia(c, { id: mediaId, sessionId, attemptId, context, mimetype, name, bytes: file.body }));
      if (inserted) fetched++;
    }
  }
  const person = await getJson(creds, `/v1/sessions/${sessionId}/person`, sessionId, "the person request");
  // A session whose personal data was redacted (retention, erasure) does not get it back.
  await pool().query(`UPDATE verification_sessions SET provider_data = COALESCE(provider_data, '{}'::jsonb) || jsonb_build_object('person', $2::jsonb) WHERE id = $1 AND data_redacted_at IS NULL`, [
    sessionId,
    JSON.stringify(person.person ?? null),
  ]);
  return fetched;
}

/** One claimed session: GET decision; on a decision, apply it and fetch attempts, media and person. Never throws. */
export async function syncClaimed(row: ClaimedSync): Promise<SyncOutcome> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const sessionId = row.session_id;
  const tooOld = Date.now() - new Date(row.session_created_at).getTime() > SYNC_HORIZON_MS;
  const retry = (statusCode: number | null, outcome: string, error: string | null, nextInMs = syncDelayMs(row.attempt_count)) =>
    finish(row, { state: tooOld ? "done" : "pending", nextInMs, outcome: tooOld ? `${outcome}; given up after 8 days` : outcome, statusCode, error, durationMs: ms() });
  try {
    const creds = await loadVeriffCredentials(row.integration_id);
    if (!creds) {
      await finish(row, { state: "done", outcome: "The integration is no longer Veriff-backed.", statusCode: null, error: null, durationMs: ms() });
      return { sessionId, outcome: "not veriff-backed", decided: false, media: 0, error: null };
    }
    const a = await signedGet(creds, `/v1/sessions/${sessionId}/decision`, sessionId);
    if (a.status === 404) {
      await finish(row, { state: "done", outcome: "Veriff does not know this session (404).", statusCode: 404, error: null, durationMs: ms() });
      return { sessionId, outcome: "unknown at Veriff", decided: false, media: 0, error: null };
    }
    const json = answerJson(a);
    if (a.status !== 200 || !json) throw refusalFor(a, "the decision request");
    if (json.verification === null || json.verification === undefined) {
      await retry(200, "No decision yet.", null);
      return { sessionId, outcome: "no decision yet", decided: false, media: 0, error: null };
    }
    const inc = parseIncoming(json);
    if (!inc || inc.kind !== "decision") throw new VeriffRefusal(502, "502", "Veriff's decision answer is not in the documented shape.");
    const applied = await withTransaction((c) => applyReport(c, row.integration_id, inc, "reconcile"));
    const media = await fetchAttemptsAndMedia(creds, sessionId);
    const final = applied.status !== null && finalStatuses.includes(applied.status);
    const outcome = `Decision ${inc.code} ${inc.to} (${applied.verdict})${media ? `, ${media} picture(s) fetched` : ""}.`;
    if (final) await finish(row, { state: "done", outcome, statusCode: 200, error: null, durationMs: ms() });
    else await retry(200, outcome, null);
    return { sessionId, outcome, decided: true, media, error: null };
  } catch (e) {
    const r = e instanceof VeriffRefusal ? e : e instanceof UpstreamUnreachable ? unreachableRefusal(e) : null;
    const message = r?.message ?? (e as Error).message;
    const status = r?.httpStatus ?? null;
    // Veriff's rate limit: wait at least as long as it asks.
    const next = r?.retryAfter != null ? Math.max(r.retryAfter * 1000, syncDelayMs(row.attempt_count)) : syncDelayMs(row.attempt_count);
    await retry(status, r?.httpStatus === 429 ? "Rate limited by Veriff." : "Failed.", message, next).catch(() => {});
    return { sessionId, outcome: "failed", decided: false, media: 0, error: message };
  }
}

export interface SyncCounts {
  checked: number;
  decided: number;
  media: number;
  failed: number;
  errors: string[];
}

/**
 * `checkpoint sessions sync`: every pending Veriff-backed session (of one integration) once, now,
 * whatever its backoff. A session re-scheduled by this run is due after the run's start, so it is
 * not claimed twice; one leased by another process is left to it.
 */
export async function reconcileOnce(opts: { integrationId?: string } = {}): Promise<SyncCounts> {
  const counts: SyncCounts = { checked: 0, decided: 0, media: 0, failed: 0, errors: [] };
  const { rows: t } = await pool().query<{ now: Date }>(
    `WITH due AS (UPDATE veriff_syncs SET next_attempt_at = now() - interval '1 second'
                   WHERE state = 'pending' AND ($1::uuid IS NULL OR integration_id = $1::uuid) AND (locked_until IS NULL OR locked_until <= now()))
     SELECT now() AS now`,
    [opts.integrationId ?? null],
  );
  const dueBy = new Date(t[0].now);
  for (;;) {
    const rows = await claimSyncs(20, { integrationId: opts.integrationId, dueBy });
    if (rows.length === 0) return counts;
    for (const r of rows) {
      const o = await syncClaimed(r);
      counts.checked += 1;
      if (o.decided) counts.decided += 1;
      counts.media += o.media;
      if (o.error) {
        counts.failed += 1;
        if (counts.errors.length < 5) counts.errors.push(`${o.sessionId}: ${o.error}`);
      }
    }
  }
}

/** The background loop of a server process: due rows a few at a time, then a nap (woken by decisions). */
export function startReconcileWorker(opts: { idleMs?: number; batch?: number } = {}): { stop(): Promise<void> } {
  const idleMs = opts.idleMs ?? veriffSyncPollMs();
  let stopped = false;
  let wake: (() => void) | null = null;
  const off = onReconcileWake(() => wake?.());
  const loop = (async () => {
    while (!stopped) {
      let n = 0;
      try {
        const rows = await claimSyncs(opts.batch ?? 8);
        n = rows.length;
        await Promise.all(rows.map((r) => syncClaimed(r)));
      } catch (e) {
        if (!stopped) console.error(`[veriff] reconcile failed: ${(e as Error).message}`);
      }
      if (n === 0 && !stopped) {
        await new Promise<void>((r) => {
          const t = setTimeout(r, idleMs);
          wake = () => {
            clearTimeout(t);
            r();
          };
        });
        wake = null;
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      off();
      await loop;
    },
  };
}
