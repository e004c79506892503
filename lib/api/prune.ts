import { pool } from "../db/index.ts";
import { IDEMPOTENCY_WINDOW_HOURS } from "./idempotency.ts";

// Idempotency keys past their 24 h and rate windows past the longest cap (a day) serve nothing.
// API traffic itself triggers the cleanup, at most every 10 minutes per process, off the request path.
const EVERY_MS = 10 * 60_000;
let last = 0;

export function pruneApiStateSometimes(now = Date.now()) {
  if (now - last < EVERY_MS) return;
  last = now;
  pool()
    .query(
      `WITH k AS (DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1))
       DELETE FROM rate_windows WHERE window_start < now() - interval '2 days'`,
      [IDEMPOTENCY_WINDOW_HOURS],
    )
    .catch((e) => console.error(`[api] pruning idempotency keys and rate windows failed: ${(e as Error).message}`));
}
