import crypto from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { authSecret } from "../config.ts";

// sessionToken: an HS256 JWT holding the session id and its creation time, as Veriff's does.
let cached: { from: string; key: Uint8Array } | undefined;
function key(): Uint8Array {
  const secret = authSecret();
  if (cached?.from !== secret) cached = { from: secret, key: new Uint8Array(crypto.hkdfSync("sha256", secret, "checkpoint", "session-token/v1", 32)) };
  return cached.key;
}

export async function signSessionToken(sessionId: string, createdAt: Date): Promise<string> {
  return new SignJWT({ session_id: sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(Math.floor(createdAt.getTime() / 1000))
    .sign(key());
}

/** The session id in a token, or null when the token is malformed or its signature is wrong. */
export async function verifySessionToken(token: string): Promise<{ sessionId: string; issuedAt: Date } | null> {
  if (!token || token.length > 8192) return null;
  try {
    const { payload } = await jwtVerify(token, key(), { algorithms: ["HS256"] });
    const id = payload.session_id;
    if (typeof id !== "string" || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    return { sessionId: id, issuedAt: new Date((payload.iat ?? 0) * 1000) };
  } catch {
    return null;
  }
}

export function sessionUrl(base: string, token: string): string {
  return `${base.replace(/\/$/, "")}/v/${token}`;
}
