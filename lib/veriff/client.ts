import crypto from "node:crypto";
import { pool } from "../db/index.ts";
import { decryptSecret } from "../crypto/secrets.ts";
import { DomainError } from "../errors.ts";
import { upstreamRequest, UpstreamUnreachable, type UpstreamAnswer } from "./http.ts";

/** A Veriff-backed integration's upstream: where its sessions live and how to sign for them. */
export interface VeriffCredentials {
  integrationId: string;
  baseUrl: string;
  apiKey: string;
  sharedSecret: string;
}

/**
 * Veriff refused, failed or could not be reached: the one DomainError, whose httpStatus and
 * veriffCode are what an API caller gets (Veriff's own status and code when it answered with its
 * error body, else 502 for a bad answer or 504 for a timeout), and whose message is one line an
 * operator can act on. It also carries Veriff's own body, which /v1 hands to API callers as is.
 */
export class VeriffRefusal extends DomainError {
  constructor(
    httpStatus: number,
    veriffCode: string,
    message: string,
    retryAfterSeconds?: number,
    /** Veriff's own {"status":"fail",...} body when it answered with one: what an API caller gets. */
    public readonly upstreamBody?: string,
  ) {
    super("veriff_refused", message, { httpStatus, veriffCode, retryAfter: retryAfterSeconds });
  }
}

/** The credentials of a Veriff-backed integration, decrypted; null for a checkpoint integration. */
export async function loadVeriffCredentials(integrationId: string): Promise<VeriffCredentials | null> {
  const { rows } = await pool().query<{ provider: string; veriff_base_url: string | null; veriff_api_key_ciphertext: string | null; veriff_secret_ciphertext: string | null }>(
    `SELECT provider, veriff_base_url, veriff_api_key_ciphertext, veriff_secret_ciphertext FROM integrations WHERE id = $1`,
    [integrationId],
  );
  const r = rows[0];
  if (!r || r.provider !== "veriff") return null;
  if (!r.veriff_base_url || !r.veriff_api_key_ciphertext || !r.veriff_secret_ciphertext) {
    throw new VeriffRefusal(502, "502", "This integration is Veriff-backed but its Veriff base URL, API key or shared secret is missing: an admin can set them on the integration page.");
  }
  try {
    return {
      integrationId,
      baseUrl: r.veriff_base_url.replace(/\/+$/, ""),
      apiKey: decryptSecret(r.veriff_api_key_ciphertext),
      sharedSecret: decryptSecret(r.veriff_secret_ciphertext),
    };
  } catch {
    throw new VeriffRefusal(502, "502", "The Veriff API key or shared secret of this integration cannot be decrypted (AUTH_SECRET changed?): an admin can enter them again.");
  }
}

/** X-HMAC-SIGNATURE as Veriff computes it: lowercase hex HMAC-SHA256 of the message under the shared secret. */
export const hmacHex = (secret: string, message: string | Buffer) => crypto.createHmac("sha256", secret).update(message).digest("hex");

export interface VeriffCall {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** The path after the base URL, e.g. /v1/sessions/{id}/decision. */
  path: string;
  body?: string;
  /** What X-HMAC-SIGNATURE signs: the body (POST/PATCH) or the id in the path (GET/DELETE); none for POST /v1/sessions. */
  signOver?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** Sends one call to Veriff with the integration's key (and signature). Throws UpstreamUnreachable. */
export function callVeriff(creds: VeriffCredentials, call: VeriffCall): Promise<UpstreamAnswer> {
  const headers: Record<string, string> = { "x-auth-client": creds.apiKey, ...call.headers };
  if (call.body !== undefined) headers["content-type"] = "application/json";
  if (call.signOver !== undefined) headers["x-hmac-signature"] = hmacHex(creds.sharedSecret, call.signOver);
  return upstreamRequest(creds.baseUrl + call.path, { method: call.method, headers, body: call.body, timeoutMs: call.timeoutMs });
}

export function retryAfterSeconds(a: UpstreamAnswer): number | undefined {
  const raw = a.headers["retry-after"];
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (!v) return undefined;
  const n = Number(v);
  if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - Date.now()) / 1000)) : undefined;
}

/** The JSON of an answer, or null when it is not JSON (an HTML error page, a proxy's text). */
export function answerJson(a: UpstreamAnswer): Record<string, unknown> | null {
  try {
    const v = JSON.parse(a.body.toString("utf8"));
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The refusal for an answer that is not the expected success, in one line. */
export function refusalFor(a: UpstreamAnswer, what: string): VeriffRefusal {
  const json = answerJson(a);
  const retry = retryAfterSeconds(a);
  if (a.status === 429) {
    const code = json?.code != null ? String(json.code) : "429";
    return new VeriffRefusal(429, code, `Veriff is rate limiting this integration${retry != null ? `: retry in ${retry} s` : ""} (${what}).`, retry ?? 60, json?.status === "fail" ? a.body.toString("utf8") : undefined);
  }
  if (json && json.status === "fail" && json.code != null) {
    const code = String(json.code);
    const msg = typeof json.message === "string" ? json.message : `HTTP ${a.status}`;
    const status = a.status >= 400 && a.status < 600 ? a.status : 502;
    const own = a.body.toString("utf8");
    if (code === "1801" || code === "1802" || code === "1803") return new VeriffRefusal(status, code, `Veriff did not accept this integration's Veriff API key (${code}: ${msg}). Check the key on the integration page.`, undefined, own);
    if (["1812", "1813", "1814", "1815", "1818", "1819"].includes(code)) return new VeriffRefusal(status, code, `Veriff refused the signature (${code}: ${msg}). Check the Veriff shared secret on the integration page.`, undefined, own);
    return new VeriffRefusal(status, code, `Veriff refused ${what} (${code}): ${msg}`, undefined, own);
  }
  const type = String(a.headers["content-type"] ?? "");
  const looksHtml = /html/i.test(type) || /^\s*</.test(a.body.subarray(0, 200).toString("utf8"));
  if (a.status >= 500) {
    return new VeriffRefusal(502, "502", `Veriff failed with HTTP ${a.status}${looksHtml ? " (an HTML error page)" : ""} on ${what}: try again later.`);
  }
  if (looksHtml) {
    return new VeriffRefusal(502, "502", `Veriff answered ${what} with an HTML page (HTTP ${a.status}), not its API: check the Veriff API base URL (e.g. https://stationapi.veriff.com).`);
  }
  return new VeriffRefusal(502, "502", `Veriff gave an unexpected answer to ${what} (HTTP ${a.status}${json ? "" : ", not JSON"}).`);
}

export function unreachableRefusal(e: UpstreamUnreachable): VeriffRefusal {
  return new VeriffRefusal(e.timedOut ? 504 : 502, e.timedOut ? "504" : "502", e.message);
}

/** The same refusal with a sentence added (what became of the request). */
export const withNote = (r: VeriffRefusal, note: string) => new VeriffRefusal(r.httpStatus, r.veriffCode!, `${r.message} ${note}`, r.retryAfter, r.upstreamBody);
