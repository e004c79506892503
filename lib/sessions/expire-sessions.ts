import { runEvery } from "../schedule/run-every.ts";
import { withTransaction } from "../db/index.ts";
import { config } from "../config.ts";
import { transitionSession } from "./transition.ts";

export interface ExpiryCounts {
  expired: number;
  abandoned: number;
}

/**
 * Ends Checkpoint's own sessions past expires_at (a Veriff-backed session ends when Veriff reports
 * 9104, lib/veriff/): created → expired, started or resubmission_requested (never
 * resubmitted) → abandoned, both with decision code 9104 by the system actor. Works in batches,
 * each its own transaction; SKIP LOCKED lets several processes sweep at once without waiting on
 * or double-ending a session, and running it again finds nothing left to do.
 */
export async function expireSessions(opts: { now?: Date; batchSize?: number } = {}): Promise<ExpiryCounts> {
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? 500;
  const counts: ExpiryCounts = { expired: 0, abandoned: 0 };
  for (;;) {
    const n = await withTransaction(async (client) => {
      const { rows } = await client.query<{ id: string; status: "created" | "started" | "resubmission_requested" }>(
        `SELECT id, status FROM verification_sessions
          WHERE expires_at <= $1 AND status IN ('created', 'started', 'resubmission_requested') AND provider = 'checkpoint'
          ORDER BY expires_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED`,
        [now, batchSize],
      );
      for (const s of rows) {
        const to = s.status === "created" ? "expired" : "abandoned";
        await transitionSession(client, { sessionId: s.id, to, expectFrom: [s.status], actor: { type: "system", label: "expiry" }, now });
        counts[to === "expired" ? "expired" : "abandoned"] += 1;
      }
      return rows.length;
    });
    if (n < batchSize) return counts;
  }
}

/** Runs the sweeper every intervalMs (CHECKPOINT_EXPIRY_INTERVAL_MS, default 60 s); returns a stop function. */
export function startExpirySweeper(intervalMs = config().expiryIntervalMs): () => void {
  return runEvery("expiry", intervalMs, async () => {
    const c = await expireSessions();
    if (c.expired || c.abandoned) console.log(`[expiry] ${c.expired} expired, ${c.abandoned} abandoned`);
  });
}
