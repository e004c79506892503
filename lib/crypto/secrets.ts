import crypto from "node:crypto";
import { authSecret } from "../config.ts";
import { DomainError } from "../errors.ts";

// Shared secrets are stored as AES-256-GCM ciphertext under a key derived from AUTH_SECRET,
// so a database dump alone never yields a usable secret.
const keys = new Map<string, Buffer>();

/** The AES key derived (HKDF) from an AUTH_SECRET; the current one unless another is given (rotation). */
export function secretKey(secret = authSecret()): Buffer {
  let k = keys.get(secret);
  if (!k) {
    k = Buffer.from(crypto.hkdfSync("sha256", secret, "checkpoint", "api-key-shared-secret/v1", 32));
    if (keys.size > 4) keys.clear();
    keys.set(secret, k);
  }
  return k;
}

export function encryptSecret(plain: string, key = secretKey()): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `v1.${iv.toString("base64url")}.${cipher.getAuthTag().toString("base64url")}.${ct.toString("base64url")}`;
}

/**
 * The plain text of a stored secret. One that this AUTH_SECRET cannot open (written under another
 * one, or damaged) is the DomainError `secret_undecryptable`, which each caller turns into a clear
 * answer for that one call.
 */
export function decryptSecret(stored: string, key = secretKey()): string {
  const [v, iv, tag, ct] = stored.split(".");
  try {
    if (v !== "v1" || !iv || !tag || ct === undefined) throw new Error("not v1");
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DomainError("secret_undecryptable", "A stored secret cannot be decrypted with this AUTH_SECRET (it was written under another one).", { httpStatus: 500 });
  }
}

/** A shared secret in the shape Veriff issues: a UUID. */
export function generateSharedSecret(): string {
  return crypto.randomUUID();
}
