import crypto from "node:crypto";
import { isEmbedded, pool } from "../db/index.ts";
import { Batcher } from "../db/batcher.ts";
import { appOrigin, appUrl } from "../config.ts";
import { DomainError } from "../errors.ts";
import { SESSION_LIFETIME_MS } from "./codes.ts";
import { sessionUrl, signSessionToken } from "./token.ts";
import type { CreateSessionData } from "../validation/session.ts";
import type { Plan } from "../validation/integration.ts";
import { personNameOf } from "./name-search.ts";
import { CREATED_UPSERT_SQL } from "../analytics/rollup.ts";

// 600/min: Veriff's enterprise cap; 30/min: self-serve (shared/veriff-api.md §4.3).
export const DEFAULT_RATE_CAPS = { enterprise: 600, "self-serve": 30 } as const satisfies Record<Plan, number>;

export interface IntegrationForCreate {
  id: string;
  plan: Plan;
  rateCap: number | null;
}

/** What a create needs of an integration, for callers without an API key (the CLI). */
export async function loadIntegrationForCreate(id: string): Promise<IntegrationForCreate | null> {
  const { rows } = await pool().query<{ id: string; plan: Plan; rate_cap: number | null }>(`SELECT id, plan, rate_cap FROM integrations WHERE id = $1`, [id]);
  return rows[0] ? { id: rows[0].id, plan: rows[0].plan, rateCap: rows[0].rate_cap } : null;
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

export type SessionSource = "api" | "portal" | "sdk" | "cli";

const rateLimited = (retryAfter: number, cap: number) =>
  new DomainError("rate_limited", `Too many sessions: at most ${cap} per minute for this integration. Retry in ${retryAfter} s.`, { retryAfter, veriffCode: "429" });

// Named prepared statements on a server; unnamed on the embedded database, where pglite-socket
// loses the Parse of a named statement that then fails (the client would parse it again and
// every later create would fail with "prepared statement already exists").
const statementName = (name: string) => (isEmbedded() ? undefined : name);

// A batch of n slots: the counter grows by n and the new count comes back (refused creates are
// counted too; past the cap every create of the window is refused anyway).
const SLOT_BATCH_SQL = `WITH rl AS (
    INSERT INTO rate_windows (integration_id, bucket, window_start, count)
    VALUES ($1, 'create', date_trunc('minute', now()), $2)
    ON CONFLICT (integration_id, bucket, window_start) DO UPDATE SET count = rate_windows.count + $2
    RETURNING count)
  SELECT (SELECT count FROM rl) AS count, set_config('synchronous_commit', 'off', true) AS async`;

/**
 * Rate-cap slots: creates of one integration waiting in this process take their slots together,
 * one statement adding the batch's size to the window's counter. The counter row serialises the
 * batches of every process, so a batch knows exactly how many slots were left before it
 * (cap − (new count − batch size)), grants that many in arrival order and refuses the rest:
 * exact across processes, as one increment per create was, with one locked update per batch
 * (32 clients each waiting on that row's lock cost about a third of PostgreSQL's CPU per
 * create; docs/performance.md). A failed batch fails all its creates: they share the integration,
 * and each alone would fail the same way.
 */
const slots = new Batcher<number, boolean>(
  async (integrationId, caps) => {
    const { rows } = await pool().query<{ count: number }>({ name: statementName("cp_create_slots"), text: SLOT_BATCH_SQL, values: [integrationId, caps.length] });
    const left = rows[0].count - caps.length;
    return caps.map((cap, i) => left + i < cap);
  },
  { max: 1000, retryAlone: false },
);

type SessionRow = [
  integrationId: string,
  id: string,
  vendorData: string | null,
  endUserId: string | null,
  callback: string | null,
  lang: string | null,
  person: string | null,
  document: string | null,
  address: string | null,
  consents: string | null,
  personName: string | null,
  source: string,
  createdById: string | null,
  attemptId: string,
  createdAt: Date,
  expiresAt: Date,
  actorType: string,
  actorLabel: string | null,
];

// The rows of a batch of sessions, one array per column: one prepared statement whatever the size.
const ROWS_BATCH_SQL = `WITH r AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::jsonb[],
                         $10::jsonb[], $11::text[], $12::"SessionSource"[], $13::uuid[], $14::uuid[], $15::timestamptz[], $16::timestamptz[], $17::text[], $18::text[])
      AS r(integration_id, id, vendor_data, end_user_id, callback_url, lang, person, document, address, consents, person_name, source,
           created_by_id, attempt_id, created_at, expires_at, actor_type, actor_label)),
  s AS (INSERT INTO verification_sessions (id, integration_id, status, vendor_data, end_user_id, callback_url, lang, person, document, address, consents,
                                          person_name, name_search, source, created_by_id, current_attempt_id, attempt_count, created_at, updated_at, expires_at)
        SELECT id, integration_id, 'created', vendor_data, end_user_id, callback_url, lang, person, document, address, consents,
               person_name, ' ' || person_name, source, created_by_id, attempt_id, 1, created_at, created_at, expires_at FROM r),
  a AS (INSERT INTO attempts (id, session_id, number, status, created_at) SELECT attempt_id, id, 1, 'created', created_at FROM r),
  e AS (INSERT INTO session_events (session_id, attempt_id, to_status, actor_type, actor_id, actor_label, created_at)
        SELECT id, attempt_id, 'created', actor_type, created_by_id::text, actor_label, created_at FROM r),
  au AS (INSERT INTO audit_logs (actor_id, actor_label, action, target_type, target_id, after, created_at)
        SELECT created_by_id, COALESCE(actor_label, actor_type), 'session.create', 'session', id::text,
               jsonb_build_object('integrationId', integration_id, 'source', source, 'vendorData', vendor_data), created_at FROM r)
  ${CREATED_UPSERT_SQL}`;

/**
 * Session rows: creates waiting in this process (any integration) are inserted together, one
 * durable commit for the batch, like PostgreSQL's own group commit but with one statement and
 * one WAL flush instead of one each. A create is answered only after its batch commits. A batch
 * that fails is retried row by row, so one bad row fails alone.
 */
const sessionRows = new Batcher<SessionRow, void>(
  async (_key, rows) => {
    const columns = rows[0].map((_, c) => rows.map((r) => r[c]));
    await pool().query({ name: statementName("cp_create_rows"), text: ROWS_BATCH_SQL, values: columns });
    return rows.map(() => undefined);
  },
  { max: 200, retryAlone: true },
);

// Who the "created" event names: a back-office user, the CLI, or an integration's key.
const actorTypeOf: Record<SessionSource, "user" | "cli" | "api"> = { portal: "user", cli: "cli", api: "api", sdk: "api" };

/**
 * Creates a session in two steps, each batched with the process's other creates (lib/db/batcher.ts):
 *
 * 1. Take a slot of the rate cap (slots above): concurrent creates across processes stop at
 *    exactly the cap, and a refused create inserts nothing. This transaction commits
 *    asynchronously (synchronous_commit off for it alone): the counter row is the one row every
 *    create of an integration locks, and waiting for the WAL flush while holding it serialised
 *    all creates on disk latency (about 600/s here, against 1,400/s without;
 *    docs/performance.md). It loses nothing that matters: the sessions' own commit, later in the
 *    WAL, flushes the increment with it, so no acknowledged session can outlive its slot in a crash.
 * 2. Insert the session, its first attempt and its "created" event, and count it in the
 *    analytics rollup (lib/analytics/rollup.ts), committed durably.
 *
 * Both are prepared statements on a server (parsed and planned once per pooled connection).
 * A failure between the two leaves a slot used without a session: the cap can only err low.
 * The embedded database gains most from the batches: one connection runs one statement at a
 * time, and a batch is one statement for many creates (bench:api: about 1,300-1,800 creates/s
 * against 475 with one statement per create).
 */
export async function createSession(
  integration: IntegrationForCreate,
  data: CreateSessionData,
  opts: { source: SessionSource; createdById?: string | null; actorLabel?: string | null; now?: Date } = { source: "api" },
): Promise<CreatedSession> {
  const cap = integration.rateCap ?? DEFAULT_RATE_CAPS[integration.plan];
  const id = crypto.randomUUID();
  const attemptId = crypto.randomUUID();
  const now = opts.now ?? new Date();
  const expires = new Date(now.getTime() + SESSION_LIFETIME_MS);
  const p = data.person;
  const name = personNameOf(p);
  const row: SessionRow = [
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
    actorTypeOf[opts.source],
    opts.actorLabel ?? null,
  ];
  if (!(await slots.add(integration.id, cap))) throw rateLimited(60 - new Date().getUTCSeconds(), cap);
  await sessionRows.add("", row);
  const sessionToken = signSessionToken(id, now);
  return { id, url: sessionUrl(appUrl(), sessionToken), vendorData: data.vendorData, endUserId: data.endUserId, host: appOrigin(), status: "created", sessionToken };
}
