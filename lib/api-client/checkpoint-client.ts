import { config } from "../config.ts";
import { createSessionBody, createSessionFailure } from "../validation/session.ts";
import { PORTAL_SIGNATURE_HEADER, PORTAL_USER_HEADER, signPortalUser } from "./internal-auth.ts";

/** Where the portal reaches its own API: this process, unless CHECKPOINT_INTERNAL_URL says otherwise. */
export function internalBaseUrl(): string {
  return config().internalUrl;
}

export interface CreatedVerification {
  id: string;
  url: string;
  vendorData: string | null;
  host: string;
  status: string;
  sessionToken: string;
}

/** A refusal names the body's field (a dotted path) when the API's schema refused the body. */
export type ApiResult<T> = { ok: true; httpStatus: number; data: T } | { ok: false; httpStatus: number; code: string; message: string; field?: string; retryAfter?: number };

/**
 * POST /v1/sessions over real HTTP with the integration's API key, exactly as an integrator's
 * backend does; the portal user rides along in the signed internal headers. The body is first
 * checked with the API's own schema, so a refusal can name its field (the HTTP answer, Veriff's,
 * carries only a code and a message).
 */
export async function createVerificationViaApi(input: {
  apiKey: string;
  body: { verification: Record<string, unknown> };
  portalUserId?: string;
  timeoutMs?: number;
  /** Sent as Idempotency-Key: a retry after a lost answer gets the first create's session back. */
  idempotencyKey?: string;
}): Promise<ApiResult<CreatedVerification>> {
  const checked = createSessionBody.safeParse(input.body);
  if (!checked.success) {
    const e = createSessionFailure(checked.error);
    return { ok: false, httpStatus: e.httpStatus, code: e.veriffCode ?? "1104", message: e.message, field: e.field };
  }
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json", "x-auth-client": input.apiKey };
  if (input.idempotencyKey) headers["idempotency-key"] = input.idempotencyKey;
  if (input.portalUserId) {
    headers[PORTAL_USER_HEADER] = input.portalUserId;
    headers[PORTAL_SIGNATURE_HEADER] = signPortalUser(input.portalUserId);
  }
  let res: Response | null = null;
  // With an Idempotency-Key a second try is safe: a kept-alive connection the server closed just
  // as it was reused ("other side closed") otherwise fails a create that never reached the API.
  for (let tries = input.idempotencyKey ? 2 : 1; !res; tries--) {
    try {
      res = await fetch(`${internalBaseUrl()}/v1/sessions`, { method: "POST", headers, body: JSON.stringify(input.body), signal: AbortSignal.timeout(input.timeoutMs ?? 15_000) });
    } catch (e) {
      if (tries > 1 && (e as Error).name !== "TimeoutError") continue;
      return { ok: false, httpStatus: 0, code: "unreachable", message: `The session API could not be reached (${(e as Error).message}).` };
    }
  }
  const text = await res.text();
  let json: { status?: string; code?: string | number; message?: string; verification?: CreatedVerification } | null = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON: reported below */
  }
  if (res.status === 201 && json?.status === "success" && json.verification?.id && json.verification.url) {
    return { ok: true, httpStatus: 201, data: json.verification };
  }
  const retry = Number(res.headers.get("retry-after"));
  return {
    ok: false,
    httpStatus: res.status,
    code: json?.code != null ? String(json.code) : String(res.status),
    message: json?.message ?? `The session API answered HTTP ${res.status}.`,
    retryAfter: Number.isFinite(retry) && retry > 0 ? retry : undefined,
  };
}
