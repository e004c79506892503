import { pool, withTransaction } from "../db/index.ts";
import { isUuid } from "../validation/uuid.ts";
import { SESSION_LIFETIME_MS } from "../sessions/codes.ts";
import type { CreatedSession, SessionSource } from "../sessions/create-session.ts";
import type { CreateSessionData } from "../validation/session.ts";
import { answerJson, callVeriff, refusalFor, unreachableRefusal, VeriffRefusal, withNote, type VeriffCredentials } from "./client.ts";
import { UpstreamUnreachable, type UpstreamAnswer } from "./http.ts";
import { recordAudit } from "../audit/record.ts";
import { personNameOf } from "../sessions/name-search.ts";
import { RollupDeltas } from "../analytics/rollup.ts";

/** Tries of one create: a timeout, a dropped connection or a 502/503/504 is sent again with the same Idempotency-Key. */
export const CREATE_TRIES = 3;
const RETRY_DELAYS_MS = [250, 1000];
/** The first reconcile of a new session: a minute after creation, then with backoff (lib/veriff/reconcile.ts). */
const FIRST_SYNC_MS = 60_000;

/** The POST /v1/sessions body Veriff documents (shared/veriff-api.md §1.3), from the validated request. */
export function veriffCreateBody(data: CreateSessionData, now = new Date()): string {
  const v: Record<string, unknown> = {};
  if (data.callback) v.callback = data.callback;
  if (data.person) v.person = data.person;
  if (data.document) v.document = data.document;
  if (data.address) v.address = data.address;
  if (data.vendorData !== null) v.vendorData = data.vendorData;
  if (data.endUserId !== null) v.endUserId = data.endUserId;
  if (data.consents) v.consents = data.consents;
  if (data.lang) v.lang = data.lang;
  v.timestamp = now.toISOString();
  return JSON.stringify({ verification: v });
}

const retryable = (a: UpstreamAnswer) => a.status === 502 || a.status === 503 || a.status === 504;

/**
 * Creates a session of a Veriff-backed integration at Veriff, then stores the local record with
 * Veriff's id, URL and token. The attempt is recorded first (veriff_creates) and its id is the
 * Idempotency-Key of every try, so a create that timed out is sent again without making a second
 * session at an upstream that honours the key. A refusal stores no session: the attempt row
 * ends `failed` with the reason.
 */
export async function createAtVeriff(
  creds: VeriffCredentials,
  data: CreateSessionData,
  opts: { source: SessionSource; createdById?: string | null; actorLabel?: string | null; actorType?: "api" | "user" | "cli" },
): Promise<CreatedSession> {
  const body = veriffCreateBody(data);
  const { rows } = await pool().query<{ id: string }>(`INSERT INTO veriff_creates (integration_id) VALUES ($1) RETURNING id`, [creds.integrationId]);
  const attemptId = rows[0].id;
  const fail = async (e: VeriffRefusal, tries: number) => {
    await pool().query(`UPDATE veriff_creates SET state = 'failed', tries = $2, last_error = $3, updated_at = now() WHERE id = $1`, [attemptId, tries, e.message]);
    return withNote(e, "No session was stored.");
  };

  let answer: UpstreamAnswer | null = null;
  let tries = 0;
  for (;;) {
    tries += 1;
    try {
      answer = await callVeriff(creds, { method: "POST", path: "/v1/sessions", body, headers: { "idempotency-key": attemptId } });
      if (!retryable(answer) || tries >= CREATE_TRIES) break;
    } catch (e) {
      if (!(e instanceof UpstreamUnreachable)) throw e;
      // A refused URL or a connection refused never reached Veriff: sending again cannot help.
      const mayHaveArrived = e.timedOut || /ECONNRESET|broke off|socket hang up/i.test(e.message);
      if (!mayHaveArrived || tries >= CREATE_TRIES) throw await fail(unreachableRefusal(e), tries);
    }
    await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[tries - 1] ?? 1000));
  }

  const json = answerJson(answer);
  const v = json?.verification as Record<string, unknown> | undefined;
  if (answer.status !== 201 || json?.status !== "success" || !v) throw await fail(refusalFor(answer, "the session create"), tries);
  const id = typeof v.id === "string" ? v.id.toLowerCase() : "";
  const url = typeof v.url === "string" ? v.url : "";
  const token = typeof v.sessionToken === "string" ? v.sessionToken : null;
  let host = typeof v.host === "string" ? v.host : typeof v.baseUrl === "string" ? v.baseUrl : null;
  if (!isUuid(id) || !/^https?:\/\//.test(url)) {
    throw await fail(new VeriffRefusal(502, "502", `Veriff answered the create without a session id and URL (HTTP ${answer.status}).`), tries);
  }
  host ??= new URL(url).origin;

  const now = new Date();
  const p = data.person;
  const name = personNameOf(p);
  const asJson = (o: unknown) => (o == null ? null : JSON.stringify(o));
  await withTransaction(async (c) => {
    // A replayed create (the upstream honoured the key) answers with the session already stored.
    const inserted = await c.query(
      `INSERT INTO verification_sessions (id, integration_id, status, vendor_data, end_user_id, callback_url, lang, person, document, address, consents,
                                          person_name, name_search, source, created_by_id, attempt_count, created_at, updated_at, expires_at,
                                          provider, provider_url, provider_token, provider_host)
       VALUES ($1, $2, 'created', $3, $4, $5, $6, $7, $8, $9, $10, $11, ' ' || $11::text, $12, $13, 0, $14, $14, $15, 'veriff', $16, $17, $18)
       ON CONFLICT (id) DO NOTHING`,
      [id, creds.integrationId, data.vendorData, data.endUserId, data.callback, data.lang, asJson(p), asJson(data.document), asJson(data.address), asJson(data.consents), name, opts.source,
        opts.createdById ?? null, now, new Date(now.getTime() + SESSION_LIFETIME_MS), url, token, host],
    );
    if (!inserted.rowCount) {
      // Only a replay of this integration's own create may answer with an id already stored.
      const mine = await c.query(`SELECT 1 FROM verification_sessions WHERE id = $1 AND integration_id = $2 AND provider = 'veriff'`, [id, creds.integrationId]);
      if (!mine.rowCount) throw new VeriffRefusal(502, "502", `Veriff answered with a session id that another session already has (${id}).`);
    } else {
      await c.query(
        `INSERT INTO session_events (session_id, to_status, actor_type, actor_id, actor_label, created_at) VALUES ($1, 'created', $2, $3, $4, $5)`,
        [id, opts.actorType ?? (opts.source === "portal" ? "user" : opts.source === "cli" ? "cli" : "api"), opts.createdById ?? null, opts.actorLabel ?? null, now],
      );
      await recordAudit(
        c,
        { id: opts.createdById ?? null, label: opts.actorLabel ?? opts.actorType ?? opts.source },
        "session.create",
        { type: "session", id },
        { after: { integrationId: creds.integrationId, source: opts.source, vendorData: data.vendorData ?? null, provider: "veriff" } },
      );
      await c.query(
        `INSERT INTO veriff_syncs (session_id, integration_id, next_attempt_at) VALUES ($1, $2, $3) ON CONFLICT (session_id) DO NOTHING`,
        [id, creds.integrationId, new Date(now.getTime() + FIRST_SYNC_MS)],
      );
      const rollup = new RollupDeltas();
      rollup.count(now, creds.integrationId, "created");
      await rollup.apply(c);
    }
    await c.query(`UPDATE veriff_creates SET state = 'created', tries = $2, session_id = $3, updated_at = now() WHERE id = $1`, [attemptId, tries, id]);
  }).catch(async (e) => {
    throw e instanceof VeriffRefusal ? await fail(e, tries) : e;
  });
  return {
    id,
    url,
    vendorData: typeof v.vendorData === "string" ? v.vendorData : data.vendorData,
    endUserId: typeof v.endUserId === "string" ? v.endUserId : data.endUserId,
    host,
    status: "created",
    sessionToken: token ?? "",
  };
}
