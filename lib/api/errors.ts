import type { ServerResponse } from "node:http";
import { ZodError } from "zod";
import { DomainError } from "../errors.ts";
import { invalidInput } from "../validation/issues.ts";

/**
 * A failure of the /v1 API, built as the one DomainError: Veriff's own code where it publishes
 * one; for failures it publishes no code for (not found, body too large, rate limit, idempotency
 * conflict, server error) the code is the HTTP status as a string (docs/api.md).
 */
export function veriffError(httpStatus: number, veriffCode: string, message: string, headers: Record<string, string> = {}): DomainError {
  return new DomainError(domainCodeOfStatus[httpStatus] ?? "invalid_input", message, { httpStatus, veriffCode, headers });
}

const domainCodeOfStatus: Record<number, string> = { 401: "unauthenticated", 404: "not_found", 405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "conflict", 429: "rate_limited" };

export const notFound = (what = "Session") => veriffError(404, "404", `${what} not found.`);

// The Veriff code of domain failures thrown without one, where the API answers differently from
// the status their code has elsewhere (an illegal transition is Veriff's 400/1304).
const veriffOfDomain: Record<string, [number, string]> = {
  illegal_transition: [400, "1304"],
  media_context: [400, "1402"],
  media_missing: [400, "1403"],
  media_type: [400, "1401"],
};

/** What /v1 answers: the HTTP status, Veriff's code and message, and headers (Retry-After, Allow). */
export interface ApiFailure {
  httpStatus: number;
  code: string;
  message: string;
  headers: Record<string, string>;
}

/** The /v1 API's one mapper: any failure → Veriff's answer. */
export function toApiError(e: unknown): ApiFailure {
  if (e instanceof ZodError) e = invalidInput(e);
  if (e instanceof DomainError) {
    const [httpStatus, code] = e.veriffCode
      ? [e.httpStatus, e.veriffCode]
      : (veriffOfDomain[e.code] ?? [e.httpStatus, e.httpStatus === 400 ? "1104" : String(e.httpStatus)]);
    return { httpStatus, code, message: e.message, headers: e.headers };
  }
  console.error("[api] unexpected error", e);
  return { httpStatus: 500, code: "500", message: "Internal server error.", headers: {} };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store", ...headers });
  res.end(text);
}

export function failBody(e: ApiFailure) {
  return { status: "fail", code: e.code, message: e.message };
}

export function sendFail(res: ServerResponse, e: ApiFailure, headers: Record<string, string> = {}) {
  sendJson(res, e.httpStatus, failBody(e), { ...e.headers, ...headers });
}
