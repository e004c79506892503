import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { mediaHeaders, openMedia } from "../../media/media-store.ts";
import { appUrl } from "../../config.ts";
import { pool } from "../../db/index.ts";
import { decisionPayload, type DecisionRow, type SessionRow, type VerifiedData } from "../../sessions/payloads.ts";
import { authenticate, requireSignedRequest } from "../auth.ts";
import { notFound, sendJson } from "../errors.ts";
import type { ApiContext } from "../context.ts";

/** Authenticates and checks the signature over the path id; every read is scoped to the caller's integration. */
async function signedRead({ req, rawId }: ApiContext) {
  const caller = await authenticate(req.headers);
  requireSignedRequest(req.headers, caller, rawId, "id");
  return caller;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
const iso = (d: Date | string) => new Date(d).toISOString();

/** GET /v1/sessions/{id}/decision: the decision webhook's object; verification null until decided. */
export async function getDecision(ctx: ApiContext) {
  const caller = await signedRead(ctx);
  if (!ctx.id) throw notFound();
  const { rows } = await pool().query<SessionRow & Partial<Record<`d_${keyof DecisionRow}`, unknown>>>(
    `SELECT s.id, s.status, s.vendor_data, s.end_user_id, s.person, s.document, s.address, s.created_at, a.verified_data,
            d.attempt_id AS d_attempt_id, d.status AS d_status, d.code AS d_code, d.reason_code AS d_reason_code, d.reason AS d_reason, d.created_at AS d_created_at
       FROM verification_sessions s
       LEFT JOIN LATERAL (SELECT * FROM decisions WHERE session_id = s.id ORDER BY created_at DESC LIMIT 1) d ON true
       LEFT JOIN attempts a ON a.id = d.attempt_id
      WHERE s.id = $1 AND s.integration_id = $2`,
    [ctx.id, caller.integrationId],
  );
  const r = rows[0];
  if (!r) throw notFound();
  const d: DecisionRow | null = r.d_status
    ? { attempt_id: r.d_attempt_id as string | null, status: r.d_status as string, code: r.d_code as number, reason_code: r.d_reason_code as number | null, reason: r.d_reason as string | null, created_at: r.d_created_at as Date }
    : null;
  sendJson(ctx.res, 200, decisionPayload(r, d));
}

/** GET /v1/sessions/{id}/attempts: newest first. */
export async function getAttempts(ctx: ApiContext) {
  const caller = await signedRead(ctx);
  if (!ctx.id) throw notFound();
  const { rows } = await pool().query<{ id: string | null; status: string | null; created_at: Date | null }>(
    `SELECT a.id, a.status, a.created_at FROM verification_sessions s LEFT JOIN attempts a ON a.session_id = s.id
      WHERE s.id = $1 AND s.integration_id = $2 ORDER BY a.number DESC`,
    [ctx.id, caller.integrationId],
  );
  if (rows.length === 0) throw notFound();
  const verifications = rows.filter((r) => r.id).map((r) => ({ id: r.id!, status: r.status!, createdTime: iso(r.created_at!), userDefinedData: [] }));
  sendJson(ctx.res, 200, { status: "success", verifications });
}

/**
 * GET /v1/sessions/{id}/person: what the engine read off the newest checked attempt's document,
 * else what the integrator sent; no PEP/sanctions screening.
 */
export async function getPerson(ctx: ApiContext) {
  const caller = await signedRead(ctx);
  if (!ctx.id) throw notFound();
  const { rows } = await pool().query<{ id: string; person: Record<string, unknown> | null; address: Record<string, unknown> | null; verified_data: VerifiedData | null }>(
    `SELECT s.id, s.person, s.address, a.verified_data FROM verification_sessions s
       LEFT JOIN LATERAL (SELECT verified_data FROM attempts WHERE session_id = s.id AND verified_data ? 'person' ORDER BY number DESC LIMIT 1) a ON true
      WHERE s.id = $1 AND s.integration_id = $2`,
    [ctx.id, caller.integrationId],
  );
  const s = rows[0];
  if (!s) throw notFound();
  const read = (s.verified_data?.person ?? {}) as Record<string, unknown>;
  const given = s.person ?? {};
  const p = Object.fromEntries([...new Set([...Object.keys(given), ...Object.keys(read)])].map((k) => [k, str(read[k]) ?? given[k]]));
  const dob = str(p.dateOfBirth);
  sendJson(ctx.res, 200, {
    status: "success",
    person: {
      id: s.id,
      firstName: str(p.firstName),
      lastName: str(p.lastName),
      idNumber: str(p.idNumber),
      dateOfBirth: dob,
      yearOfBirth: dob ? dob.slice(0, 4) : null,
      gender: str(p.gender),
      nationality: str(p.nationality),
      placeOfBirth: str(p.placeOfBirth),
      email: str(p.email),
      phoneNumber: str(p.phoneNumber),
      address: str(s.address?.fullAddress),
      citizenships: [],
      pepSanctionMatches: [],
    },
  });
}

interface MediaRow {
  id: string;
  session_id: string;
  context: string;
  mimetype: string;
  name: string;
  size: number;
}

export const mediaUrl = (id: string) => `${appUrl()}/v1/media/${id}`;
export const imageJson = (m: MediaRow) => ({ id: m.id, sessionId: m.session_id, context: m.context, mimetype: m.mimetype, name: m.name, size: m.size, url: mediaUrl(m.id) });

/** GET /v1/sessions/{id}/media. */
export async function listSessionMedia(ctx: ApiContext) {
  const caller = await signedRead(ctx);
  if (!ctx.id) throw notFound();
  const { rows } = await pool().query<MediaRow & { sid: string }>(
    `SELECT s.id AS sid, m.id, m.session_id, m.context, m.mimetype, m.name, m.size
       FROM verification_sessions s LEFT JOIN media m ON m.session_id = s.id AND m.removed_at IS NULL
      WHERE s.id = $1 AND s.integration_id = $2 ORDER BY m.created_at`,
    [ctx.id, caller.integrationId],
  );
  if (rows.length === 0) throw notFound();
  sendJson(ctx.res, 200, { status: "success", videos: [], images: rows.filter((r) => r.id).map(imageJson) });
}

/** GET /v1/attempts/{id}/media. */
export async function listAttemptMedia(ctx: ApiContext) {
  const caller = await signedRead(ctx);
  if (!ctx.id) throw notFound("Attempt");
  const { rows } = await pool().query<MediaRow & { aid: string }>(
    `SELECT a.id AS aid, m.id, m.session_id, m.context, m.mimetype, m.name, m.size
       FROM attempts a JOIN verification_sessions s ON s.id = a.session_id LEFT JOIN media m ON m.attempt_id = a.id AND m.removed_at IS NULL
      WHERE a.id = $1 AND s.integration_id = $2 ORDER BY m.created_at`,
    [ctx.id, caller.integrationId],
  );
  if (rows.length === 0) throw notFound("Attempt");
  sendJson(ctx.res, 200, { status: "success", videos: [], images: rows.filter((r) => r.id).map(imageJson) });
}

/** GET /v1/media/{id}: the file itself. */
export async function getMediaFile(ctx: ApiContext) {
  const caller = await signedRead(ctx);
  if (!ctx.id) throw notFound("Media");
  const m = await openMedia(ctx.id, { integrationId: caller.integrationId });
  if (!m) throw notFound("Media");
  const chunks = m.chunks();
  // The first segment is checked before the status line, so a file that fails its check is a 500, not a cut-off 200.
  const first = await chunks.next();
  ctx.res.writeHead(200, mediaHeaders(m, "private, no-store"));
  // Most pictures are one segment: written at once; larger ones stream segment by segment.
  if (first.done || m.size <= first.value.length) ctx.res.end(first.done ? undefined : first.value);
  else await pipeline(Readable.from((async function* () { yield first.value; yield* chunks; })()), ctx.res, { end: true });
}
