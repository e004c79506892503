import crypto from "node:crypto";
import { pool } from "../db/index.ts";
import { appUrl } from "../config.ts";
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

/**
 * Creates a session in one statement (one round trip): the rate-cap counter, the session, its
 * first attempt and its "created" event. The counter's upsert only increments below the cap,
 * so concurrent creates across processes stop at exactly the cap; a refused create inserts nothing.
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
  const tokenPromise = signSessionToken(id, now);
  const { rows } = await pool().query<{ id: string }>(
    `WITH rl AS (
       INSERT INTO rate_windows (integration_id, bucket, window_start, count)
       VALUES ($1, 'create', date_trunc('minute', now()), 1)
       ON CONFLICT (integration_id, bucket, window_start) DO UPDATE SET count = rate_windows.count + 1
       WHERE rate_windows.count < $2
       RETURNING count
     ), s AS (
       INSERT INTO verification_sessions (id, integration_id, status, vendor_data, end_user_id, callback_url, lang, person, document, address, consents,
                                          person_name, source, created_by_id, current_attempt_id, attempt_count, created_at, updated_at, expires_at)
       SELECT $3, $1, 'created', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16, $16, $17 FROM rl
       RETURNING id
     ), a AS (
       INSERT INTO attempts (id, session_id, number, status, created_at) SELECT $15, id, 1, 'created', $16 FROM s
     ), e AS (
       INSERT INTO session_events (session_id, attempt_id, to_status, actor_type, actor_id, actor_label, created_at)
       SELECT id, $15, 'created', $18, $14, $19, $16 FROM s
     )
     SELECT id FROM s`,
    [
      integration.id,
      cap,
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
    ],
  );
  if (rows.length === 0) {
    tokenPromise.catch(() => {});
    const retryAfter = 60 - new Date().getUTCSeconds();
    throw new RateLimitedError(retryAfter, cap);
  }
  const sessionToken = await tokenPromise;
  const host = new URL(appUrl()).origin;
  return { id, url: sessionUrl(appUrl(), sessionToken), vendorData: data.vendorData, endUserId: data.endUserId, host, status: "created", sessionToken };
}
