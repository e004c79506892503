import crypto from "node:crypto";

/** X-HMAC-SIGNATURE: lowercase hex HMAC-SHA256 of the exact raw body with the shared secret. */
export function signPayload(body: string | Buffer, sharedSecret: string): string {
  return crypto.createHmac("sha256", sharedSecret).update(body).digest("hex");
}

/** The legacy X-SIGNATURE older Veriff integrations receive beside it: hex SHA-256 of the body followed by the shared secret. */
export function legacySignPayload(body: string | Buffer, sharedSecret: string): string {
  return crypto.createHash("sha256").update(body).update(sharedSecret).digest("hex");
}

/** Constant-time check of a received signature (receivers, tests). */
export function verifySignature(body: string | Buffer, sharedSecret: string, signature: string): boolean {
  const expected = Buffer.from(signPayload(body, sharedSecret), "hex");
  const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, "hex") : Buffer.alloc(0);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
