import type pg from "pg";

/**
 * On a test integration the person who submitted in the hosted flow sees the TEST panel, which
 * forces a decision: the engine waits this long for it (the panel wins), then decides itself.
 * Attempts submitted through the API on a test integration are checked at once.
 */
export const TEST_PANEL_HOLD_MS = 60_000;

/** Writes the engine's job for a submitted attempt; call inside the submission's transaction. */
export async function enqueueEngineJob(
  client: pg.ClientBase,
  job: { integrationId: string; sessionId: string; attemptId: string; testPanel?: boolean; now?: Date },
): Promise<void> {
  const runAfter = job.testPanel ? new Date((job.now ?? new Date()).getTime() + TEST_PANEL_HOLD_MS) : null;
  await client.query(
    `INSERT INTO engine_jobs (integration_id, session_id, attempt_id, run_after) VALUES ($1, $2, $3, COALESCE($4, now()))
     ON CONFLICT (attempt_id) DO NOTHING`,
    [job.integrationId, job.sessionId, job.attemptId, runAfter],
  );
}

/** Cancels the session's pending engine jobs (someone else decided first, or the attempt was reopened). */
export async function cancelEngineJobs(client: pg.ClientBase, sessionId: string, why: string): Promise<void> {
  await client.query(`UPDATE engine_jobs SET state = 'cancelled', last_error = $2, finished_at = now(), locked_until = NULL WHERE session_id = $1 AND state = 'pending'`, [
    sessionId,
    why,
  ]);
}
