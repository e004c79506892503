import crypto from "node:crypto";
import { pool } from "../db/index.ts";
import { engineConfig } from "../config.ts";

/** A claim's lease (CHECKPOINT_ENGINE_LEASE_MS, default 120 s): well beyond one session's checks (~3 s), so a live worker's job is not taken over. */
/** Tries before a job is given up (failed) and the session is left to a reviewer. */
export const ENGINE_MAX_TRIES = 3;
export const ENGINE_RETRY_MS = 15_000;

export interface ClaimedJob {
  id: string;
  integration_id: string;
  session_id: string;
  attempt_id: string;
  attempt_count: number;
  /** This claim's token: only its holder may finish the job. */
  locked_by: string;
  created_at: Date;
}

/**
 * Claims due jobs: pending, due, and not leased (a lease that ran out is a crashed or stuck
 * worker's: the job is taken again). SKIP LOCKED gives concurrent claimers disjoint jobs; the
 * token written with the lease is what lets only the latest claimer finish the job.
 */
export async function claimEngineJobs(limit: number, opts: { now?: Date; leaseMs?: number } = {}): Promise<ClaimedJob[]> {
  const token = crypto.randomUUID();
  const now = opts.now ?? null;
  // A job that used up its tries while leased (its worker died each time) is failed, not run again.
  await pool().query(
    `UPDATE engine_jobs SET state = 'failed', locked_until = NULL, finished_at = COALESCE($1::timestamptz, now()),
            last_error = COALESCE(last_error, 'The worker stopped while checking this attempt (tries used up).')
      WHERE state = 'pending' AND attempt_count >= $2 AND locked_until IS NOT NULL AND locked_until <= COALESCE($1::timestamptz, now())`,
    [now, ENGINE_MAX_TRIES],
  );
  const { rows } = await pool().query<ClaimedJob>(
    `UPDATE engine_jobs j SET locked_until = COALESCE($2::timestamptz, now()) + $3 * interval '1 millisecond', locked_by = $4 || ':' || j.id,
            attempt_count = j.attempt_count + 1, started_at = COALESCE(j.started_at, COALESCE($2::timestamptz, now()))
      WHERE j.id IN (
        SELECT id FROM engine_jobs
         WHERE state = 'pending' AND run_after <= COALESCE($2::timestamptz, now())
           AND (locked_until IS NULL OR locked_until <= COALESCE($2::timestamptz, now()))
         ORDER BY run_after
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
      RETURNING j.id, j.integration_id, j.session_id, j.attempt_id, j.attempt_count, j.locked_by, j.created_at`,
    [limit, now, opts.leaseMs ?? engineConfig().leaseMs, token],
  );
  return rows;
}

/** A try failed: retried later, or given up after ENGINE_MAX_TRIES (the session stays for a reviewer). */
export async function failEngineJob(job: ClaimedJob, error: string, report: unknown): Promise<"retry" | "failed" | "lost"> {
  const { rows } = await pool().query<{ state: string }>(
    `UPDATE engine_jobs SET last_error = $3, locked_until = NULL, report = $4,
            state = CASE WHEN attempt_count >= $5 THEN 'failed'::"EngineJobState" ELSE 'pending'::"EngineJobState" END,
            finished_at = CASE WHEN attempt_count >= $5 THEN now() ELSE NULL END,
            run_after = now() + $6 * interval '1 millisecond'
      WHERE id = $1 AND locked_by = $2 AND state = 'pending' RETURNING state`,
    [job.id, job.locked_by, error.slice(0, 2000), JSON.stringify(report), ENGINE_MAX_TRIES, ENGINE_RETRY_MS],
  );
  if (!rows[0]) return "lost";
  return rows[0].state === "failed" ? "failed" : "retry";
}

/** The job has nothing to do (the session moved on before the engine looked at it). */
export async function cancelClaimedJob(job: ClaimedJob, why: string): Promise<void> {
  await pool().query(`UPDATE engine_jobs SET state = 'cancelled', last_error = $3, locked_until = NULL, finished_at = now() WHERE id = $1 AND locked_by = $2 AND state = 'pending'`, [
    job.id,
    job.locked_by,
    why,
  ]);
}
