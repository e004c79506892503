import crypto from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";

/** RFC 6238 TOTP: SHA-1, 6 digits, 30-second steps (what every authenticator app speaks). */
export const TOTP_PERIOD = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: "Checkpoint", label: email, secret });
}

/**
 * The time step a code belongs to, if it is right for now or one step either side (clock drift);
 * null otherwise. The caller refuses a step at or below the last one accepted, so a code works once.
 */
export async function matchTotp(secret: string, code: string, now = Date.now()): Promise<number | null> {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const step = Math.floor(now / 1000 / TOTP_PERIOD);
  for (const d of [0, -1, 1]) {
    const epoch = (step + d) * TOTP_PERIOD;
    const r = await verify({ secret, token, epoch, epochTolerance: 0 });
    if (r.valid) return step + d;
  }
  return null;
}

/** Ten recovery codes, "xxxxx-xxxxx" from an unambiguous alphabet (~50 bits each). */
export function newRecoveryCodes(n = 10): string[] {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  return Array.from({ length: n }, () => {
    let s = "";
    for (const b of crypto.randomBytes(10)) s += alphabet[b % alphabet.length];
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

/** sha256 of the code without its dash, spaces or case, so "ABCDE FGHJK" matches "abcde-fghjk". */
export const hashRecoveryCode = (code: string) => crypto.createHash("sha256").update(code.toLowerCase().replace(/[^a-z0-9]/g, "")).digest("hex");
