import type { IncomingMessage, ServerResponse } from "node:http";
import { parseCreateSession } from "../../validation/session.ts";
import { authenticate } from "../auth.ts";
import { JSON_LIMIT, parseJson, readBody } from "../body.ts";
import { failBody, sendJson, toApiError } from "../errors.ts";
import { CORS_HEADERS } from "../context.ts";
import { verifyPortalUser } from "../../api-client/internal-auth.ts";
import { pool } from "../../db/index.ts";
import { createSessionFor } from "../../veriff/create-session-for.ts";
import { VeriffRefusal } from "../../veriff/client.ts";
import { claimIdempotencyKey, releaseIdempotencyKey, requestHash, storeIdempotentResponse, validIdempotencyKey } from "../idempotency.ts";

/** POST /v1/sessions: API key only (no signature), as Veriff; CORS for the browser SDK. */
export async function createSessionHandler(req: IncomingMessage, res: ServerResponse) {
  const caller = await authenticate(req.headers);
  const raw = await readBody(req, JSON_LIMIT);
  const idemHeader = req.headers["idempotency-key"];
  const idemKey = Array.isArray(idemHeader) ? idemHeader[0] : idemHeader;
  // The portal's own calls carry the back-office user, signed with AUTH_SECRET (lib/api-client/internal-auth.ts).
  const portalUserId = verifyPortalUser(req.headers);
  const source = portalUserId ? "portal" : req.headers["x-origin"] === "js-sdk" ? "sdk" : "api";

  // Never throws: every outcome is an answer, so an idempotency key is always stored or released.
  const run = async (): Promise<{ status: number; body: string; headers?: Record<string, string> }> => {
    try {
      const data = parseCreateSession(parseJson(raw));
      const actorLabel = portalUserId
        ? ((await pool().query<{ email: string }>(`SELECT email FROM users WHERE id = $1`, [portalUserId])).rows[0]?.email ?? "portal")
        : `api key ${caller.apiKey.slice(0, 8)}`;
      const verification = await createSessionFor({ id: caller.integrationId, plan: caller.plan, rateCap: caller.rateCap, provider: caller.provider }, data, {
        source,
        createdById: portalUserId,
        actorLabel,
      });
      return { status: 201, body: JSON.stringify({ status: "success", verification }) };
    } catch (e) {
      const err = toApiError(e);
      // A Veriff-backed integration: API callers get Veriff's own error body, the portal the sentence that explains it.
      if (e instanceof VeriffRefusal && e.upstreamBody && !portalUserId) return { status: err.httpStatus, body: e.upstreamBody, headers: err.headers };
      return { status: err.httpStatus, body: JSON.stringify(failBody(err)), headers: err.headers };
    }
  };

  if (idemKey === undefined) {
    const out = await run();
    return sendJson(res, out.status, out.body, { ...CORS_HEADERS, ...out.headers });
  }
  validIdempotencyKey(idemKey);
  const hash = requestHash(raw);
  const prior = await claimIdempotencyKey(caller.integrationId, idemKey, hash);
  if (prior) return sendJson(res, prior.status, prior.body, { ...CORS_HEADERS, "idempotent-replayed": "true" });
  const out = await run();
  // Rate-limited and failed requests are not remembered: a retry with the same key may succeed.
  if (out.status === 429 || out.status >= 500) await releaseIdempotencyKey(caller.integrationId, idemKey);
  else await storeIdempotentResponse(caller.integrationId, idemKey, { status: out.status, body: out.body });
  sendJson(res, out.status, out.body, { ...CORS_HEADERS, ...out.headers });
}
