import crypto from "node:crypto";

// Veriff's two request/webhook signatures (shared/veriff-api.md §1.2, §3.2), checked in constant time:
// X-HMAC-SIGNATURE = hex HMAC-SHA256(shared secret, payload), lower- or upper-case hex;
// legacy X-SIGNATURE = hex SHA-256(payload concatenated with the shared secret).

const HEX64 = /^[0-9a-fA-F]{64}$/;

export const isSha256Hex = (sig: string) => HEX64.test(sig);

function equalHex(expected: Buffer, given: string): boolean {
  if (!HEX64.test(given)) return false;
  return crypto.timingSafeEqual(expected, Buffer.from(given, "hex"));
}

export function hmacSignature(secret: string | Buffer, payload: string | Buffer): string {
  return crypto.createHmac("sha256", secret).update(payload).digest("hex");
}

export function legacySignature(secret: string | Buffer, payload: string | Buffer): string {
  return crypto.createHash("sha256").update(payload).update(secret).digest("hex");
}

export function hmacMatches(secret: string | Buffer, payload: string | Buffer, given: string): boolean {
  return equalHex(crypto.createHmac("sha256", secret).update(payload).digest(), given);
}

export function legacyMatches(secret: string | Buffer, payload: string | Buffer, given: string): boolean {
  return equalHex(crypto.createHash("sha256").update(payload).update(secret).digest(), given);
}

/** Constant-time equality of two strings of any length (API keys). */
export function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb) && a.length === b.length;
}
