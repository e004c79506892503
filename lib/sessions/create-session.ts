import crypto from "node:crypto";
import { pool } from "../db/index.ts";
import { appOrigin, appUrl } from "../config.ts";
import { DomainError } from "../errors.ts";
import { SESSION_LIFETIME_MS } from "./codes.ts";
import { sessionUrl, signSessionToken } from "./token.ts";
import type { CreateSessionData } from "../validation/session.ts";

// 600/min: Veriff's enterprise cap; 30/min: self-serve (shared/veriff-api.md §4.3).
export const DEFAULT_RATE_CAPS = { enterprise: 600, self_serve: 30 } as const;

export interface IntegrationForCreate {
  id: string;
  plan: "enterprise" | "self_serve";
  rateCap: number | null;
}

export interface CreatedSession {
  id: string;
  url: string;
  vendorData: string | null;
  endUserId: string | null;
  host: string;
  status: "created";
  sessionToken: string;
}

export class RateLimitedError extends DomainError {
  constructor(public readonly retryAfterSeconds: number, cap: number) {
    super("rate_limited", `Too many sessions: at most ${cap} per minute for this integration. Retry in ${retryAfterSeconds} s.`);
  }
}

// PGlite runs one statement at a time behind one connection: there is no lock convoy to break up,
// and the round trip saved is worth more (444-453 against 263-368 req/s in back-to-back bench:api runs).
const oneStatement = () => process.env.CHECKPOINT_EMBEDDED === "1";

const RATE_SLOT = `INSERT INTO rate_windows (integration_id, bucket, window_start, count)
   VALUES ($1, 'create', date_trunc('minute', now()), 1)
   ON CONFLICT (integration_id, bucket, window_start) DO UPDATE SET count = rate_windows.count + 1
   WHERE rate_windows.count < $2
   RETURNING count`;

const insertSession = (fromSlot: boolean) =>
  `INSERT INTO verification_sessions (id, integration_id, status, vendor_data, end_user_id, callback_url, lang, person, document, address, consents,
                                      person_name, source, created_by_id, current_attempt_id, attempt_count, created_at, updated_at, expires_at)
   ${fromSlot ? "SELECT" : "VALUES ("} $2, $1, 'created', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $15, $16${fromSlot ? " FROM rl" : ")"}
   RETURNING id`;

// The attempt and the "created" event; a final statement when alone, a CTE before the SELECT otherwise.
const insertRest = (asCte: boolean) =>
  `a AS (INSERT INTO attempts (id, session_id, number, status, created_at) SELECT $14, id, 1, 'created', $15 FROM s)
   ${asCte ? ", e AS (" : ""}INSERT INTO session_events (session_id, attempt_id, to_status, actor_type, actor_id, actor_label, created_at)
   SELECT id, $14, 'created', $17, $13, $18, $15 FROM s${asCte ? ")" : ""}`;

// A batch of n slots: the counter grows by n and the new count comes back (refused creates are
// counted too; past the cap every create of the window is refused anyway).
const SLOT_BATCH_SQL = `WITH rl AS (
    INSERT INTO rate_windows (integration_id, bucket, window_start, count)
    VALUES ($1, 'create', date_trunc('minute', now()), $2)
    ON CONFLICT (integration_id, bucket, window_start) DO UPDATE SET count = rate_windows.count + $2
    RETURNING count)
  SELECT (SELECT count FROM rl) AS count, set_config('synchronous_commit', 'off', true) AS async`;
const ROWS_SQL = `WITH s AS (${insertSession(false)}), ${insertRest(false)}`;
const ONE_SQL = `WITH rl AS (${RATE_SLOT.replace("$2", "$19")}), s AS (${insertSession(true)}), ${insertRest(true)} SELECT (SELECT count(*) FROM s)::int AS n`;

interface SlotWaiter {
  resolve: (granted: boolean) => void;
  reject: (e: unknown) => void;
}
const slotQueues = new Map<string, { waiting: SlotWaiter[]; cap: number }>();
const MAX_SLOT_BATCH = 256;

/**
 * One slot of the integration's rate cap, or false when the minute's cap is used up. Creates of
 * one integration waiting in this process join a batch, and one statement adds the batch's size
 * to the window's counter: the counter row serialises the batches of every process, so a batch
 * knows exactly how many slots were left before it (cap − (new count − batch size)), grants that
 * many in arrival order and refuses the rest. Exact across processes as one increment per create
 * was, with one locked update per batch: 32 clients each waiting on that row's lock cost about a
 * third of PostgreSQL's CPU per create (docs/performance.md). While a batch's statement runs, the
 * next requests queue for the next batch; a lone request goes at once.
 */
function takeSlot(integrationId: string, cap: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const queued = slotQueues.get(integrationId);
    if (queued) {
      queued.waiting.push({ resolve, reject });
      queued.cap = cap;
      return;
    }
    const q = { waiting: [{ resolve, reject }], cap };
    slotQueues.set(integrationId, q);
    void drainSlots(integrationId, q);
  });
}

async function drainSlots(integrationId: string, q: { waiting: SlotWaiter[]; cap: number }) {
  while (q.waiting.length) {
    const batch = q.waiting.splice(0, MAX_SLOT_BATCH);
    try {
      const { rows } = await pool().query<{ count: number }>({ name: "cp_create_slots", text: SLOT_BATCH_SQL, values: [integrationId, batch.length] });
      const left = Math.max(0, q.cap - (rows[0].count - batch.length));
      batch.forEach((w, i) => w.resolve(i < left));
    } catch (e) {
      for (const w of batch) w.reject(e);
    }
  }
  slotQueues.delete(integrationId);
}

/**
 * Creates a session in two single-statement transactions (two round trips, no BEGIN/COMMIT):
 *
 * 1. Take a slot of the rate cap (takeSlot, batched with the process's other creates of the
 *    integration): concurrent creates across processes stop at exactly the cap, and a refused
 *    create inserts nothing. This transaction commits asynchronously (synchronous_commit off for
 *    it alone): the counter row is the one row every create of an integration locks, and waiting
 *    for the WAL flush while holding it serialised all creates on disk latency (about 600/s here,
 *    against 1,400/s without; docs/performance.md). It loses nothing that matters: the session's
 *    own commit, later in the WAL, flushes the increment with it, so no acknowledged session can
 *    outlive its slot in a crash.
 * 2. Insert the session, its first attempt and its "created" event, committed durably.
 *
 * Both are named prepared statements (parsed and planned once per pooled connection): that took
 * a third off PostgreSQL's CPU per create (docs/performance.md).
 *
 * A failure between the two leaves a slot used without a session: the cap can only err low.
 * On the embedded database the same rows are written by one statement (rate slot, session,
 * attempt, event), one round trip.
 */
export async function createSession(
  integration: IntegrationForCreate,
  data: CreateSessionData,
  opts: { source: "api" | "portal" | "sdk"; createdById?: string | null; actorLabel?: string | null; now?: Date } = { source: "api" },
): Promise<CreatedSession> {
  const cap = integration.rateCap ?? DEFAULT_RATE_CAPS[integration.plan];
  const id = crypto.randomUUID();
  const attemptId = crypto.randomUUID();
  const now = opts.now ?? new Date();
  const expires = new Date(now.getTime() + SESSION_LIFETIME_MS);
  const p = data.person;
  const name = [p?.firstName, p?.lastName].filter((x) => typeof x === "string" && x.trim()).join(" ").toLowerCase() || null;
  const params = [
    integration.id,
    id,
    data.vendorData,
    data.endUserId,
    data.callback,
    data.lang,
    p ? JSON.stringify(p) : null,
    data.document ? JSON.stringify(data.document) : null,
    data.address ? JSON.stringify(data.address) : null,
    data.consents ? JSON.stringify(data.consents) : null,
    name,
    opts.source,
    opts.createdById ?? null,
    attemptId,
    now,
    expires,
    opts.source === "portal" ? "user" : "api",
    opts.actorLabel ?? null,
  ];
  if (oneStatement()) {
    // Unnamed: over pglite-socket a statement that fails after its Parse leaves the name taken
    // without the client learning that it was parsed, and every later create would fail.
    const { rows } = await pool().query<{ n: number }>(ONE_SQL, [...params, cap]);
    if (rows[0].n === 0) {
      throw new RateLimitedError(60 - new Date().getUTCSeconds(), cap);
    }
  } else {
    if (!(await takeSlot(integration.id, cap))) {
      throw new RateLimitedError(60 - new Date().getUTCSeconds(), cap);
    }
    await pool().query({ name: "cp_create_rows", text: ROWS_SQL, values: params });
  }
  const sessionToken = signSessionToken(id, now);
  return { id, url: sessionUrl(appUrl(), sessionToken), vendorData: data.vendorData, endUserId: data.endUserId, host: appOrigin(), status: "created", sessionToken };
}
