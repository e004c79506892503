import crypto from "node:crypto";
import { authSecret } from "../config.ts";

// Shared secrets are stored as AES-256-GCM ciphertext under a key derived from AUTH_SECRET,
// so a database dump alone never yields a usable secret.
let cached: { from: string; key: Buffer } | undefined;

function key(): Buffer {
  const secret = authSecret();
  if (cached?.from !== secret) {
    const k = Buffer.from(crypto.hkdfSync("sha256", secret, "checkpoint", "api-key-shared-secret/v1", 32));
    cached = { from: secret, key: k };
  }
  return cached.key;
}

export function encryptSecret(plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(), iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `v1.${iv.toString("base64url")}.${cipher.getAuthTag().toString("base64url")}.${ct.toString("base64url")}`;
}

export function decryptSecret(stored: string): string {
  const [v, iv, tag, ct] = stored.split(".");
  if (v !== "v1" || !iv || !tag || ct === undefined) throw new Error("Unrecognised secret ciphertext");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}

/** A shared secret in the shape Veriff issues: a UUID. */
export function generateSharedSecret(): string {
  return crypto.randomUUID();
}
