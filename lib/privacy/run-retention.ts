import { runEvery } from "../schedule/run-every.ts";
import { pool, withTransaction } from "../db/index.ts";
import { config } from "../config.ts";
import { systemActor } from "../audit/record.ts";
import { finalStatuses } from "../sessions/codes.ts";
import { redactSessions } from "./redact-sessions.ts";

export interface RetentionCounts {
  mediaSessions: number;
  mediaFiles: number;
  dataSessions: number;
}

const DAY_MS = 86_400_000;

/**
 * Deletes the pictures and redacts the personal data of sessions past their integration's
 * retention (counted from the final state: decided, expired or abandoned). Batches of
 * batchSize sessions, one transaction each, claimed with SKIP LOCKED so two processes share
 * the work; the sessions keep status, decision and times.
 */
export async function runRetention(opts: { now?: Date; batchSize?: number } = {}): Promise<RetentionCounts> {
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? 200;
  const counts: RetentionCounts = { mediaSessions: 0, mediaFiles: 0, dataSessions: 0 };
  const { rows: integrations } = await pool().query<{ id: string; media_retention_days: number | null; data_retention_days: number | null }>(
    `SELECT id, media_retention_days, data_retention_days FROM integrations WHERE media_retention_days IS NOT NULL OR data_retention_days IS NOT NULL`,
  );
  for (const i of integrations) {
    for (const kind of ["media", "data"] as const) {
      const days = kind === "media" ? i.media_retention_days : i.data_retention_days;
      if (days === null) continue;
      const cutoff = new Date(now.getTime() - days * DAY_MS);
      for (;;) {
        const n = await withTransaction(async (c) => {
          const { rows } = await c.query<{ id: string }>(
            `SELECT id FROM verification_sessions
              WHERE integration_id = $1 AND status = ANY($2::"SessionStatus"[]) AND COALESCE(decided_at, updated_at) <= $3 AND ${kind}_redacted_at IS NULL
              ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED`,
            [i.id, finalStatuses, cutoff, batchSize],
          );
          if (rows.length === 0) return 0;
          const receipt = await redactSessions(c, rows.map((r) => r.id), { media: kind === "media", data: kind === "data", references: false }, "retention", systemActor, now);
          if (kind === "media") counts.mediaFiles += receipt.totals.media;
          return rows.length;
        });
        if (kind === "media") counts.mediaSessions += n;
        else counts.dataSessions += n;
        if (n < batchSize) break;
      }
    }
  }
  return counts;
}

/** Runs retention every intervalMs (CHECKPOINT_RETENTION_INTERVAL_MS, default hourly); returns a stop function. */
export function startRetentionJob(intervalMs = config().retentionIntervalMs): () => void {
  return runEvery(
    "retention",
    intervalMs,
    async () => {
      const c = await runRetention();
      if (c.mediaSessions || c.dataSessions) console.log(`[retention] pictures removed from ${c.mediaSessions} session(s) (${c.mediaFiles} file(s)), personal data from ${c.dataSessions}`);
    },
    5000,
  );
}
