import crypto from "node:crypto";
import { pool } from "../db/index.ts";
import { veriffError } from "./errors.ts";

export interface StoredResponse {
  status: number;
  body: string;
}

export const IDEMPOTENCY_WINDOW_HOURS = 24;
const WAIT_MS = 10_000;

export function validIdempotencyKey(key: string) {
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw veriffError(400, "1104", "Idempotency-Key must be 1 to 255 visible ASCII characters.");
  }
}

export const requestHash = (body: Buffer) => crypto.createHash("sha256").update(body).digest("hex");

/**
 * Claims (integration, key) for this request. The row is inserted first, so of two identical
 * requests at once exactly one claims it and runs; the other waits for its stored response.
 * A claim older than 24 h is taken over as if new. Returns null when this request owns the key,
 * or the first request's response to send again.
 */
export async function claimIdempotencyKey(integrationId: string, key: string, hash: string): Promise<StoredResponse | null> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const { rows } = await pool().query<{ mine: boolean; request_hash: string; response_status: number | null; response_body: string | null }>(
      `WITH claim AS (
         INSERT INTO idempotency_keys (integration_id, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT (integration_id, key) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, response_status = NULL, response_body = NULL, created_at = now()
           WHERE idempotency_keys.created_at < now() - make_interval(hours => $4)
         RETURNING true AS mine, request_hash, response_status, response_body
       )
       SELECT * FROM claim
       UNION ALL
       SELECT false, request_hash, response_status, response_body FROM idempotency_keys
        WHERE integration_id = $1 AND key = $2 AND NOT EXISTS (SELECT 1 FROM claim)`,
      [integrationId, key, hash, IDEMPOTENCY_WINDOW_HOURS],
    );
    const r = rows[0];
    if (!r) continue; // released between the two reads: claim again
    if (r.mine) return null;
    if (r.request_hash !== hash) {
      throw veriffError(422, "422", "Idempotency-Key was already used with a different request body in the last 24 hours.");
    }
    if (r.response_status != null && r.response_body != null) return { status: r.response_status, body: r.response_body };
    if (Date.now() > deadline) throw veriffError(409, "409", "A request with this Idempotency-Key is still being processed: retry later.");
    await new Promise((res) => setTimeout(res, 50));
  }
}

export async function storeIdempotentResponse(integrationId: string, key: string, response: StoredResponse) {
  await pool().query(`UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE integration_id = $1 AND key = $2`, [
    integrationId,
    key,
    response.status,
    response.body,
  ]);
}

/** Frees the key after a failure that should not be replayed (rate limit, server error). */
export async function releaseIdempotencyKey(integrationId: string, key: string) {
  await pool().query(`DELETE FROM idempotency_keys WHERE integration_id = $1 AND key = $2 AND response_status IS NULL`, [integrationId, key]);
}
