import crypto from "node:crypto";
import { jwtVerify } from "jose";
import { appUrl, authSecret } from "../config.ts";
import { isUuid } from "../validation/uuid.ts";

// sessionToken: an HS256 JWT holding the session id and its creation time, as Veriff's does.
let cached: { from: string; raw: Buffer; verifyKey: Promise<CryptoKey> } | undefined;
function keys() {
  const secret = authSecret();
  if (cached?.from !== secret) {
    const raw = Buffer.from(crypto.hkdfSync("sha256", secret, "checkpoint", "session-token/v1", 32));
    cached = { from: secret, raw, verifyKey: crypto.webcrypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]) };
  }
  return cached;
}

const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

/**
 * Signs with node:crypto's HMAC, synchronously: jose's SignJWT goes through WebCrypto, whose
 * every sign is a thread-pool job, about 100 µs of CPU here against 10 µs, the largest single
 * cost of POST /v1/sessions in JavaScript (docs/performance.md). The output is byte-for-byte
 * what `new SignJWT({ session_id }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuedAt(iat)`
 * produces (test/session-token.test.ts holds the two side by side), and tokens are verified by jose.
 */
export function signSessionToken(sessionId: string, createdAt: Date): string {
  const payload = Buffer.from(JSON.stringify({ session_id: sessionId, iat: Math.floor(createdAt.getTime() / 1000) })).toString("base64url");
  const input = `${HEADER}.${payload}`;
  return `${input}.${crypto.createHmac("sha256", keys().raw).update(input).digest("base64url")}`;
}

/** The session id in a token, or null when the token is malformed or its signature is wrong. */
export async function verifySessionToken(token: string): Promise<{ sessionId: string; issuedAt: Date } | null> {
  if (!token || token.length > 8192) return null;
  try {
    const { payload } = await jwtVerify(token, await keys().verifyKey, { algorithms: ["HS256"] });
    const id = payload.session_id;
    if (!isUuid(id)) return null;
    return { sessionId: id, issuedAt: new Date((payload.iat ?? 0) * 1000) };
  } catch {
    return null;
  }
}

export function sessionUrl(base: string, token: string): string {
  return `${base.replace(/\/$/, "")}/v/${token}`;
}

/** The link a person opens: a Veriff-backed session's is Veriff's hosted flow, any other ours at APP_URL. */
export function sessionLink(s: { id: string; createdAt: Date; providerUrl: string | null }): string {
  return s.providerUrl ?? sessionUrl(appUrl(), signSessionToken(s.id, s.createdAt));
}
