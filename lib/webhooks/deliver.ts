import type pg from "pg";
import { pool } from "../db/index.ts";
import { Batcher } from "../db/batcher.ts";
import { config } from "../config.ts";
import { newestValidKeySql } from "../keys/signing-key.ts";
import { decryptSecret } from "../crypto/secrets.ts";
import { legacySignPayload, signPayload } from "./sign.ts";
import { postWebhook, type PostResult } from "./post-webhook.ts";
import { startPollLoop } from "../jobs/poll-loop.ts";

// Retry schedule: 30 s doubling, capped at 1 h, for 7 days after the delivery was created
// (Veriff retries "for up to 7 days", shared/veriff-api.md §3.3).
export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 60 * 60 * 1000;
export const RETRY_HORIZON_MS = 7 * 24 * 60 * 60 * 1000;
/** A claim's lease: longer than one attempt's timeout, so a live worker's row is never re-sent. */
export const LEASE_MS = 60_000;

export function retryDelayMs(attemptNumber: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attemptNumber - 1), RETRY_CAP_MS);
}

export interface ClaimedDelivery {
  id: string;
  integration_id: string;
  url: string;
  body: string;
  attempt_count: number;
  created_at: Date;
  key_id: string | null;
  secret_ciphertext: string | null;
}

// Takes the lease on the rows `which` selects (FOR UPDATE SKIP LOCKED) and returns them with the
// integration's newest valid key, which signs them.
function claimSql(which: string) {
  return `WITH claimed AS (
       UPDATE webhook_deliveries d SET locked_until = COALESCE($2::timestamptz, now()) + $3 * interval '1 millisecond', attempt_count = d.attempt_count + 1
        WHERE d.id IN (${which})
       RETURNING d.id, d.integration_id, d.url, d.body, d.attempt_count, d.created_at
     )
     SELECT c.*, k.id AS key_id, k.secret_ciphertext
       FROM claimed c
       LEFT JOIN LATERAL (${newestValidKeySql("c.integration_id")}) k ON true`;
}

/**
 * Claims due deliveries for this process: a row is taken when pending, due and not leased; the
 * lease (locked_until) keeps other processes off it while it is sent, and lets them retry it if
 * this process dies. SKIP LOCKED makes concurrent claimers take disjoint rows.
 */
export async function claimDeliveries(limit: number, now?: Date): Promise<ClaimedDelivery[]> {
  const { rows } = await pool().query<ClaimedDelivery>(
    claimSql(`SELECT id FROM webhook_deliveries
           WHERE state = 'pending' AND next_attempt_at <= COALESCE($2::timestamptz, now())
             AND (locked_until IS NULL OR locked_until <= COALESCE($2::timestamptz, now()))
           ORDER BY next_attempt_at
           LIMIT $1
           FOR UPDATE SKIP LOCKED`),
    [limit, now ?? null, LEASE_MS],
  );
  return rows;
}

/**
 * Claims one delivery by id, due or not, on the caller's client (e.g. in the transaction that
 * wrote it, so no worker takes it first); null when it does not exist or another attempt holds its lease.
 */
export async function claimDelivery(client: pg.ClientBase, id: string): Promise<ClaimedDelivery | null> {
  const { rows } = await client.query<ClaimedDelivery>(
    claimSql(`SELECT id FROM webhook_deliveries WHERE id = $1::uuid AND (locked_until IS NULL OR locked_until <= now()) FOR UPDATE SKIP LOCKED`),
    [id, null, LEASE_MS],
  );
  return rows[0] ?? null;
}

const secrets = new Map<string, string>();
function sharedSecret(ciphertext: string): string {
  let s = secrets.get(ciphertext);
  if (s === undefined) {
    s = decryptSecret(ciphertext);
    if (secrets.size > 1000) secrets.clear();
    secrets.set(ciphertext, s);
  }
  return s;
}

export interface AttemptOutcome extends PostResult {
  state: "delivered" | "pending" | "failed";
}

interface AttemptRecord {
  id: string;
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  response_excerpt: string | null;
  error: string | null;
  request_headers: Record<string, string>;
  state: AttemptOutcome["state"];
  next_attempt_at: string | null;
  delivered_at: string | null;
}

export interface AttemptOptions {
  now?: () => Date;
  timeoutMs?: number;
  /** No retry: a failed attempt leaves the delivery `failed` (a test webhook answers once). */
  once?: boolean;
}

/** Sends one claimed delivery (never throws) and says what to record. */
export async function attemptDelivery(d: ClaimedDelivery, opts: AttemptOptions = {}): Promise<{ outcome: AttemptOutcome; record: AttemptRecord }> {
  const clock = opts.now ?? (() => new Date());
  const startedAt = clock();
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Checkpoint-Webhooks/1" };
  let result: PostResult;
  let sentHeaders: Record<string, string> = headers;
  if (!d.key_id || !d.secret_ciphertext) {
    result = { statusCode: null, durationMs: 0, responseExcerpt: null, error: "The integration has no valid API key to sign with." };
  } else {
    let signature: string | null = null;
    let legacy: string | null = null;
    try {
      const secret = sharedSecret(d.secret_ciphertext);
      signature = signPayload(d.body, secret);
      legacy = legacySignPayload(d.body, secret);
    } catch {
      signature = null;
    }
    if (!signature) {
      result = { statusCode: null, durationMs: 0, responseExcerpt: null, error: "The API key's shared secret cannot be decrypted (AUTH_SECRET changed?)." };
    } else {
      sentHeaders = { ...headers, "x-auth-client": d.key_id, "x-hmac-signature": signature, "x-signature": legacy! };
      result = await postWebhook(d.url, d.body, sentHeaders, opts.timeoutMs);
    }
  }
  const finishedAt = clock();
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  let state: AttemptOutcome["state"] = "delivered";
  let next: Date | null = null;
  if (!ok && opts.once) state = "failed";
  else if (!ok) {
    next = new Date(finishedAt.getTime() + retryDelayMs(d.attempt_count));
    state = next.getTime() > new Date(d.created_at).getTime() + RETRY_HORIZON_MS ? "failed" : "pending";
  }
  const error = result.error ?? (ok ? null : `HTTP ${result.statusCode}`);
  return {
    outcome: { ...result, error, state },
    record: {
      id: d.id,
      started_at: startedAt.toISOString(),
      duration_ms: result.durationMs,
      status_code: result.statusCode,
      response_excerpt: result.responseExcerpt,
      error,
      request_headers: sentHeaders,
      state,
      next_attempt_at: next?.toISOString() ?? null,
      delivered_at: ok ? finishedAt.toISOString() : null,
    },
  };
}

/** Records attempts and the deliveries' new states: one statement for any number of them. */
export async function recordAttempts(records: AttemptRecord[]): Promise<void> {
  if (records.length === 0) return;
  await pool().query(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, started_at timestamptz, duration_ms int, status_code int, response_excerpt text,
                                                       error text, request_headers jsonb, state text, next_attempt_at timestamptz, delivered_at timestamptz)
     ), a AS (
       INSERT INTO webhook_attempts (delivery_id, started_at, duration_ms, status_code, response_excerpt, error, request_headers)
       SELECT id, started_at, duration_ms, status_code, response_excerpt, error, request_headers FROM input
     )
     UPDATE webhook_deliveries d SET state = i.state::"DeliveryState", next_attempt_at = COALESCE(i.next_attempt_at, d.next_attempt_at), locked_until = NULL,
            last_status_code = i.status_code, last_error = i.error, delivered_at = COALESCE(i.delivered_at, d.delivered_at)
       FROM input i WHERE d.id = i.id`,
    [JSON.stringify(records)],
  );
}

/** Sends one claimed delivery and records the attempt. */
export async function deliverClaimed(d: ClaimedDelivery, opts: AttemptOptions = {}): Promise<AttemptOutcome> {
  const { outcome, record } = await attemptDelivery(d, opts);
  await recordAttempts([record]);
  return outcome;
}

/**
 * Group commit: records that arrive while a write is running go together in the next one, so
 * the database sees one statement per batch rather than one per delivery.
 */
function recordBatcher() {
  const batcher = new Batcher<AttemptRecord, void>(
    async (_key, records) => {
      await recordAttempts(records);
      return records.map(() => undefined);
    },
    // One statement writes a whole batch or nothing, so retrying its records one by one is safe.
    { max: 500, retryAlone: true },
  );
  return (record: AttemptRecord) => batcher.add("attempts", record);
}

// On globalThis: the server's worker and Next's bundled server code (portal actions) are two
// module graphs in one process, and a resend from either must wake the worker.
const wakersKey = Symbol.for("checkpoint.webhook-wakers");
const wakers: Set<() => void> = ((globalThis as { [wakersKey]?: Set<() => void> })[wakersKey] ??= new Set());

/** Ends the idle wait of every webhook worker of this process, so due rows are claimed now. */
export function wakeWebhookWorkers() {
  for (const w of wakers) w();
}

export interface WebhookWorker {
  stop(): Promise<void>;
}

/**
 * The delivery loop: claims up to `concurrency` due rows, sends them concurrently, and claims
 * again at once while it finds work; when idle it polls every `idleMs`. Never on a request path.
 */
export function startWebhookWorker(opts: { concurrency?: number; idleMs?: number; timeoutMs?: number; now?: () => Date; onError?: (e: unknown) => void } = {}): WebhookWorker {
  const concurrency = opts.concurrency ?? config().webhookConcurrency;
  const idleMs = opts.idleMs ?? config().webhookPollMs;
  const inflight = new Set<Promise<unknown>>();
  const recordLater = recordBatcher();
  const loop = startPollLoop({
    name: "webhooks",
    idleMs,
    onError: opts.onError ?? ((err) => console.error(`[webhooks] claim failed: ${(err as Error).message}`)),
    async tick() {
      const free = concurrency - inflight.size;
      if (free <= 0) {
        await Promise.race(inflight);
        return true;
      }
      const claimed: ClaimedDelivery[] = await claimDeliveries(free, opts.now?.());
      for (const d of claimed) {
        const p: Promise<unknown> = attemptDelivery(d, { now: opts.now, timeoutMs: opts.timeoutMs })
          .then(({ record }) => recordLater(record))
          .catch((e) => (opts.onError ?? ((err) => console.error(`[webhooks] delivery ${d.id} failed to record: ${(err as Error).message}`)))(e))
          .finally(() => inflight.delete(p));
        inflight.add(p);
      }
      // A full claim: there may be more due at once.
      return claimed.length >= free;
    },
  });
  const waker = () => loop.wake();
  wakers.add(waker);

  return {
    async stop() {
      wakers.delete(waker);
      await loop.stop();
      await Promise.allSettled([...inflight]);
    },
  };
}
