import crypto from "node:crypto";
import { generatePassword, hashPassword } from "../auth/password.ts";
import { appUrl } from "../config.ts";

export const SET_PASSWORD_LINK_HOURS = 72;

export const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export type IssuedCredential =
  | { kind: "password"; password: string }
  | { kind: "link"; url: string; expiresAt: Date };

/**
 * What an admin hands to a person: a generated one-time password, or a link to choose one.
 * Only the hashes are stored; the token or password is shown to the admin once.
 */
export async function issueCredential(kind: "password" | "link") {
  if (kind === "password") {
    const password = generatePassword();
    return { shown: { kind, password } as IssuedCredential, passwordHash: await hashPassword(password), tokenHash: null, expiresAt: null };
  }
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SET_PASSWORD_LINK_HOURS * 3600_000);
  // The account gets an unusable random password until the link is used.
  const passwordHash = await hashPassword(crypto.randomBytes(32).toString("hex"));
  return { shown: { kind, url: `${appUrl()}/set-password/${token}`, expiresAt } as IssuedCredential, passwordHash, tokenHash: hashToken(token), expiresAt };
}
