import type { ServerResponse } from "node:http";
import { DomainError } from "../errors.ts";
import { ApiValidationError } from "../validation/session.ts";
import { RateLimitedError } from "../sessions/create-session.ts";
import { VeriffRefusal } from "../veriff/client.ts";

/**
 * A failure answered as Veriff's {"status":"fail","code","message"}. Veriff's own codes where it
 * publishes one; for failures it publishes no code for (not found, body too large, rate limit,
 * idempotency conflict, server error) the code is the HTTP status as a string (docs/api.md).
 */
export class ApiError extends Error {
  constructor(
    public readonly httpStatus: number,
    public readonly code: string,
    message: string,
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const notFound = (what = "Session") => new ApiError(404, "404", `${what} not found.`);

// DomainError codes from lib/ and the HTTP answer each one gets.
const domainMap: Record<string, [number, string]> = {
  session_not_found: [404, "404"],
  media_not_found: [404, "404"],
  illegal_transition: [400, "1304"],
  status_changed: [409, "409"],
  media_context: [400, "1402"],
  media_missing: [400, "1403"],
  media_type: [400, "1401"],
  media_too_large: [413, "413"],
  media_after_submit: [409, "409"],
  veriff_session: [409, "409"],
};

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof RateLimitedError) return new ApiError(429, "429", e.message, { "retry-after": String(e.retryAfterSeconds) });
  // A Veriff-backed integration's upstream refused: its own status and code reach the caller.
  if (e instanceof VeriffRefusal) return new ApiError(e.httpStatus, e.veriffCode, e.message, e.retryAfterSeconds != null ? { "retry-after": String(e.retryAfterSeconds) } : {});
  if (e instanceof ApiValidationError) return new ApiError(400, e.code, e.message);
  if (e instanceof DomainError) {
    const m = domainMap[e.code];
    if (m) return new ApiError(m[0], m[1], e.message);
    return new ApiError(400, "1104", e.message);
  }
  console.error("[api] unexpected error", e);
  return new ApiError(500, "500", "Internal server error.");
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store", ...headers });
  res.end(text);
}

export function failBody(e: ApiError) {
  return { status: "fail", code: e.code, message: e.message };
}

export function sendFail(res: ServerResponse, e: ApiError, headers: Record<string, string> = {}) {
  sendJson(res, e.httpStatus, failBody(e), { ...e.headers, ...headers });
}
