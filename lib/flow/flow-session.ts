import "server-only";
import { pool, withTransaction } from "../db/index.ts";
import { DomainError } from "../errors.ts";
import { verifySessionToken } from "../sessions/token.ts";
import { transitionSession } from "../sessions/transition.ts";
import { decideSession } from "../sessions/decide-session.ts";
import { resubmissionReasons, type SessionStatus } from "../sessions/codes.ts";
import { openMedia, type OpenedMedia } from "../media/media-store.ts";
import { storeMedia, type StoredMedia } from "../media/store-media.ts";
import { flowContexts, type FlowContext } from "../validation/flow.ts";
import type { DecisionInput } from "../validation/decision.ts";
import { isUuid } from "../validation/uuid.ts";
import type { FlowBrand } from "./branding.ts";

// The hosted flow's domain: the session token is the only credential the person has.

export interface FlowSession {
  id: string;
  status: SessionStatus;
  lang: string | null;
  environment: "test" | "live";
  /** Where the person goes after submitting: the session's callback, else the integration's. */
  callbackUrl: string | null;
  attemptCount: number;
  /** The resubmission reason that the current attempt must fix, if it is a resubmission. */
  fixReasonCode: number | null;
  /** The newest picture of each flow context on the current attempt. */
  pictures: Partial<Record<FlowContext, { id: string; mimetype: string }>>;
  /** Who asks, in the integration's colours. */
  brand: FlowBrand;
}

interface Row {
  id: string;
  status: SessionStatus;
  lang: string | null;
  environment: "test" | "live";
  callback_url: string | null;
  attempt_count: number;
  reason_code: number | null;
  current_attempt_id: string | null;
  brand_name: string;
  brand_logo_url: string | null;
  brand_accent_color: string | null;
  privacy_policy_url: string | null;
  support_email: string | null;
}

async function load(sessionId: string): Promise<FlowSession | null> {
  const { rows } = await pool().query<Row>(
    `SELECT s.id, s.status, s.lang, i.environment, COALESCE(s.callback_url, i.callback_url) AS callback_url, s.attempt_count, s.reason_code, s.current_attempt_id,
            COALESCE(NULLIF(i.brand_display_name, ''), i.name) AS brand_name, i.brand_logo_url, i.brand_accent_color, i.privacy_policy_url, i.support_email
       FROM verification_sessions s JOIN integrations i ON i.id = s.integration_id WHERE s.id = $1`,
    [sessionId],
  );
  const s = rows[0];
  if (!s) return null;
  const media = s.current_attempt_id
    ? (
        await pool().query<{ id: string; context: FlowContext; mimetype: string }>(
          `SELECT DISTINCT ON (context) id, context, mimetype FROM media WHERE attempt_id = $1 AND context = ANY($2) AND removed_at IS NULL ORDER BY context, created_at DESC`,
          [s.current_attempt_id, flowContexts],
        )
      ).rows
    : [];
  const resubmission = s.attempt_count > 1 && s.reason_code != null && s.reason_code in resubmissionReasons;
  return {
    id: s.id,
    status: s.status,
    lang: s.lang,
    environment: s.environment,
    callbackUrl: s.callback_url,
    attemptCount: s.attempt_count,
    fixReasonCode: resubmission && (s.status === "started" || s.status === "resubmission_requested") ? s.reason_code : null,
    pictures: Object.fromEntries(media.map((m) => [m.context, { id: m.id, mimetype: m.mimetype }])),
    brand: { name: s.brand_name, logoUrl: s.brand_logo_url, accentColor: s.brand_accent_color, privacyPolicyUrl: s.privacy_policy_url, supportEmail: s.support_email },
  };
}

/**
 * The session a token names, or null for a broken, tampered or unknown token. The path segment
 * arrives decoded once by Next; a token is base64url and dots, so anything else (a stray `%`,
 * `/v/%25zz`) is simply not a token: null, the friendly "not valid" answer, never a 500.
 */
export async function sessionIdForToken(token: string): Promise<string | null> {
  const v = await verifySessionToken(token);
  return v?.sessionId ?? null;
}

/**
 * Opening the link: created → started (7001), and resubmission_requested → started with a new
 * attempt. Returns null when the token is not valid.
 */
export async function openFlow(token: string): Promise<FlowSession | null> {
  const id = await sessionIdForToken(token);
  if (!id) return null;
  let s = await load(id);
  if (!s) return null;
  if (s.status === "created" || s.status === "resubmission_requested") {
    const from = s.status;
    try {
      await withTransaction((c) => transitionSession(c, { sessionId: id, to: "started", expectFrom: [from], actor: { type: "end_user", label: "hosted flow" } }));
    } catch (e) {
      // Two tabs opening at once: the other one started it.
      if (!(e instanceof DomainError && e.code === "status_changed")) throw e;
    }
    s = await load(id);
  }
  return s;
}

async function requireSession(token: string): Promise<string> {
  const id = await sessionIdForToken(token);
  if (!id) throw new DomainError("invalid_token", "This verification link is not valid.");
  return id;
}

/** The person's attempt is open while the session is created or started: only then are its pictures theirs to send and see. */
const OPEN_STATUSES: readonly SessionStatus[] = ["created", "started"];

interface FlowState {
  sessionId: string;
  status: SessionStatus;
  environment: "test" | "live";
  /** Past the session's expires_at: the sweeper is about to end it, and the person's attempt is closed already. */
  lapsed: boolean;
}

/** The token's signature (an HMAC, no database), then one indexed read of the session's state; a bad token is 404. */
async function flowState(token: string): Promise<FlowState> {
  const sessionId = await requireSession(token);
  const { rows } = await pool().query<{ status: SessionStatus; environment: "test" | "live"; lapsed: boolean }>(
    `SELECT s.status, i.environment, s.expires_at <= now() AS lapsed FROM verification_sessions s JOIN integrations i ON i.id = s.integration_id WHERE s.id = $1`,
    [sessionId],
  );
  if (!rows[0]) throw new DomainError("invalid_token", "This verification link is not valid.");
  return { sessionId, ...rows[0] };
}

/**
 * The upload route's first step, before any of the request body is read: a bad token is 404, a
 * session whose attempt is not open (submitted, decided, expired, or past its expiry time even
 * before the sweeper has run) is 409.
 */
export async function requireOpenAttempt(token: string): Promise<FlowState> {
  const s = await flowState(token);
  if (!OPEN_STATUSES.includes(s.status) || s.lapsed) throw new DomainError("media_after_submit", "This verification is finished: it no longer accepts pictures.");
  return s;
}

/** Stores a picture on an open attempt (storeMedia checks the state again under the row lock). */
export async function uploadFlowPicture(attempt: FlowState, context: FlowContext, bytes: Buffer): Promise<StoredMedia> {
  return withTransaction((c) => storeMedia(c, { sessionId: attempt.sessionId, context, bytes }));
}

/** A picture of the current attempt, only while that attempt is open: after submission or a decision the link shows nothing of it. */
export async function readFlowPicture(token: string, mediaId: string): Promise<OpenedMedia | null> {
  const sessionId = await requireSession(token);
  if (!isUuid(mediaId)) return null;
  return openMedia(mediaId, { sessionId, currentAttempt: true, openAttemptOnly: true });
}

/** started → submitted (7002), once the current attempt has all three pictures. */
export async function submitFlow(token: string): Promise<FlowSession> {
  const sessionId = await requireSession(token);
  const s = await load(sessionId);
  if (!s) throw new DomainError("session_not_found", "Session not found.");
  const missing = flowContexts.filter((c) => !s.pictures[c]);
  if (s.status === "started" && missing.length) throw new DomainError("pictures_missing", `Pictures missing: ${missing.join(", ")}.`);
  await withTransaction((c) => transitionSession(c, { sessionId, to: "submitted", expectFrom: ["started"], actor: { type: "end_user", label: "hosted flow" } }));
  return (await load(sessionId))!;
}

/** The TEST panel's caller, checked before its body is read: a valid token of a test integration's session (live: 403). */
export async function requireTestPanel(token: string): Promise<string> {
  const s = await flowState(token);
  if (s.environment !== "test") throw new DomainError("not_test", "Decisions can be forced only on test integrations.");
  return s.sessionId;
}

/** The TEST panel: only test integrations may force a decision from the hosted flow. */
export async function forceTestDecision(sessionId: string, input: DecisionInput) {
  return decideSession({ sessionId, decision: input.decision, reasonCode: input.reasonCode ?? null, actor: { type: "end_user", label: "test panel" } });
}
