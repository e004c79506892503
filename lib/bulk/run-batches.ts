import { pool, withTransaction } from "../db/index.ts";
import { config } from "../config.ts";
import { newestValidKey } from "../keys/signing-key.ts";
import { createVerificationViaApi } from "../api-client/checkpoint-client.ts";
import { enqueueSessionEmail } from "../email/enqueue-email.ts";
import { wakeEmailWorkers } from "../email/deliver-email.ts";
import { startPollLoop } from "../jobs/poll-loop.ts";

// A bulk batch is one worker's at a time (a lease on the batch row, renewed per chunk), so its
// rows go in order and one rate-cap refusal pauses the whole batch until Retry-After. Every row
// is created with Idempotency-Key bulk-<row id>: a worker that dies between the API's answer and
// recording it leaves the row pending, and whoever takes the batch over gets the same session back.
// A worker killed while its request was inside the API leaves that key claimed without an answer:
// the API answers 409 for it, and the row is marked failed rather than sent with a new key (which
// could create the person twice).

/** Rows sent at once: enough to reach a 600/min cap in seconds, few enough to stay kind to a 30/min one. */
const CHUNK = 8;
/** Pause after an unreachable API or a 5xx, before the batch is tried again (not 5 s: Node's keep-alive timeout). */
const TRANSIENT_PAUSE_MS = 3_000;

interface ClaimedBatch {
  id: string;
  integration_id: string;
  created_by_id: string | null;
  send_email: boolean;
}

/** Takes the lease on a due batch (or on `batchId`, when it is due and free); null when there is none. */
export async function claimBatch(batchId?: string): Promise<ClaimedBatch | null> {
  const { rows } = await pool().query<ClaimedBatch>(
    `UPDATE bulk_batches b SET locked_until = now() + $1 * interval '1 millisecond'
      WHERE b.id = (SELECT id FROM bulk_batches
                     WHERE state = 'queued' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until <= now())
                       AND ($2::uuid IS NULL OR id = $2::uuid)
                     ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING b.id, b.integration_id, b.created_by_id, b.send_email`,
    [config().bulkLeaseMs, batchId ?? null],
  );
  return rows[0] ?? null;
}

const pause = (batchId: string, ms: number, error: string | null, rateLimited: boolean) =>
  pool().query(
    `UPDATE bulk_batches SET next_attempt_at = now() + $2 * interval '1 millisecond', locked_until = NULL, last_error = $3, rate_limited = rate_limited + $4 WHERE id = $1`,
    [batchId, ms, error, rateLimited ? 1 : 0],
  );

export type SliceOutcome = "done" | "paused" | "lost";

/**
 * Works a claimed batch until it is done or must wait (rate cap, API down, no key). Returns
 * "lost" when the lease was taken over (this process was too slow): it then stops at once.
 */
export async function runClaimedBatch(b: ClaimedBatch, opts: { onChunk?: () => void; stopping?: () => boolean } = {}): Promise<SliceOutcome> {
  const key = await newestValidKey(b.integration_id);
  if (!key) {
    await pause(b.id, 60_000, "This integration has no valid API key: an admin can create one under API keys.", false);
    return "paused";
  }
  const sendEmail = b.send_email && config().smtp !== null;
  // Longer than the API's wait on a key in flight (10 s, lib/api/idempotency.ts), so that answer (409) arrives.
  const timeoutMs = config().bulkLeaseMs - 5_000;
  for (;;) {
    const { rows } = await pool().query<{ id: string; body: { verification: Record<string, unknown> }; email: string | null }>(
      `SELECT id, body, email FROM bulk_rows WHERE batch_id = $1 AND state = 'pending' ORDER BY row_number LIMIT $2`,
      [b.id, CHUNK],
    );
    if (rows.length === 0) {
      await pool().query(`UPDATE bulk_batches SET state = 'done', finished_at = now(), locked_until = NULL, last_error = NULL WHERE id = $1`, [b.id]);
      return "done";
    }
    const answers = await Promise.all(
      rows.map((r) => createVerificationViaApi({ apiKey: key.id, body: r.body, portalUserId: b.created_by_id ?? undefined, idempotencyKey: `bulk-${r.id}`, timeoutMs })),
    );
    let waitMs = 0;
    let waitError: string | null = null;
    let limited = false;
    let emails = 0;
    const kept = await withTransaction(async (c) => {
      // Still ours? A takeover after an expired lease means another worker owns these rows now.
      const { rowCount } = await c.query(`UPDATE bulk_batches SET locked_until = now() + $2 * interval '1 millisecond', last_error = NULL WHERE id = $1 AND state = 'queued'`, [
        b.id,
        config().bulkLeaseMs,
      ]);
      if (!rowCount) return false;
      for (const [i, a] of answers.entries()) {
        const r = rows[i];
        if (a.ok) {
          await c.query(`UPDATE bulk_rows SET state = 'created', session_id = $2, session_url = $3, error = NULL, updated_at = now() WHERE id = $1`, [r.id, a.data.id, a.data.url]);
          if (sendEmail && r.email) {
            await enqueueSessionEmail(c, { sessionId: a.data.id, integrationId: b.integration_id, to: r.email, kind: "link" });
            emails++;
          }
        } else if (a.httpStatus === 429) {
          limited = true;
          waitMs = Math.max(waitMs, (a.retryAfter ?? 1) * 1000);
          waitError = a.message;
        } else if (a.httpStatus === 0 || a.httpStatus >= 500) {
          waitMs = Math.max(waitMs, TRANSIENT_PAUSE_MS);
          waitError = a.message;
        } else {
          await c.query(`UPDATE bulk_rows SET state = 'failed', error = $2, updated_at = now() WHERE id = $1`, [r.id, a.code ? `${a.message} (${a.code})` : a.message]);
        }
      }
      return true;
    });
    if (emails) wakeEmailWorkers();
    opts.onChunk?.();
    if (!kept) return "lost";
    if (waitMs > 0) {
      await pause(b.id, waitMs, waitError, limited);
      return "paused";
    }
    if (opts.stopping?.()) {
      await pause(b.id, 0, null, false);
      return "paused";
    }
  }
}

const wakersKey = Symbol.for("checkpoint.bulk-wakers");
const wakers: Set<() => void> = ((globalThis as { [wakersKey]?: Set<() => void> })[wakersKey] ??= new Set());
/** Ends the idle wait of this process's bulk workers (a batch was just started). */
export const wakeBulkWorkers = () => wakers.forEach((w) => w());

/** The bulk worker: one batch at a time per process; several processes share the batches. */
export function startBulkWorker(opts: { idleMs?: number } = {}): { stop(): Promise<void> } {
  let stopping = false;
  const loop = startPollLoop({
    name: "bulk",
    idleMs: opts.idleMs ?? config().bulkPollMs,
    tick: async () => {
      const b = await claimBatch();
      if (!b) return false;
      await runClaimedBatch(b, { stopping: () => stopping });
      return true;
    },
  });
  wakers.add(loop.wake);
  return {
    async stop() {
      stopping = true;
      wakers.delete(loop.wake);
      await loop.stop();
    },
  };
}
