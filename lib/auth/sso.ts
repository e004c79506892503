import { prisma } from "../db/index.ts";
import { recordAudit } from "../audit/record.ts";
import { createUser } from "../users/create-user.ts";
import { oidcSettings } from "../config.ts";
import type { SignedInUser } from "./sign-in.ts";

/** The claims Checkpoint reads from the provider: the validated ID token merged with its userinfo answer. */
export interface OidcClaims {
  sub?: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  /** RFC 8176 authentication method references, from the ID token. */
  amr?: string[];
}

export type SsoRefusal = "unverified" | "unknown" | "disabled" | "two_factor";
export type SsoResult = { ok: true; user: SignedInUser; mfa: boolean } | { ok: false; reason: SsoRefusal };

// RFC 8176 values that mean the provider used more than a password.
const MFA_AMR = new Set(["mfa", "otp", "hwk", "swk", "sms", "tel", "fpt", "face", "iris", "retina", "vbm", "sc", "pop"]);

/**
 * Single sign-on: the provider's verified e-mail names an existing Checkpoint user; none is created
 * unless its domain is in OIDC_ALLOW_DOMAINS (then with OIDC_DEFAULT_ROLE). Disabled users are
 * refused. The provider's sign-in counts as two-factor only when its ID token says it used more
 * than one factor (amr): otherwise a user who has enrolled TOTP must sign in with password and
 * code, and a role that requires two-factor sends the user to enrol (lib/auth/current-user.ts).
 * Every answer is audited.
 */
export async function signInWithOidc(claims: OidcClaims): Promise<SsoResult> {
  const settings = oidcSettings();
  const email = (claims.email ?? "").trim().toLowerCase();
  const actor = { label: email || `sso:${claims.sub ?? "unknown"}` };
  const refuse = async (reason: SsoRefusal, userId?: string): Promise<SsoResult> => {
    await recordAudit(prisma(), { ...actor, id: userId ?? null }, "user.sso_refused", { type: "user", id: userId ?? null }, { after: { reason, email, issuer: settings?.issuer } });
    return { ok: false, reason };
  };
  // Only an address the provider has verified may name an account: anyone can type any e-mail into their profile.
  if (!email || !(claims.email_verified === true || claims.email_verified === "true")) return refuse("unverified");
  const mfa = (claims.amr ?? []).some((m) => MFA_AMR.has(m));
  let user = await prisma().user.findUnique({ where: { email } });
  if (!user) {
    const domain = email.split("@").pop()!;
    if (!settings?.defaultRole || !settings.allowDomains.includes(domain)) return refuse("unknown");
    // A password nobody knows: the account signs in through the provider (or after a set-password link).
    const created = await createUser({ email, name: claims.name?.trim() || email, role: settings.defaultRole }, { label: `sso:${settings.issuer}` });
    user = await prisma().user.findUniqueOrThrow({ where: { id: created.user.id } });
  }
  if (user.disabled) return refuse("disabled", user.id);
  if (user.totpSecret && !mfa) return refuse("two_factor", user.id);
  const signedIn = user;
  await prisma().$transaction(async (tx) => {
    await tx.user.update({ where: { id: signedIn.id }, data: { lastSignInAt: new Date() } });
    await recordAudit(tx, { id: signedIn.id, label: signedIn.email }, "user.sign_in", { type: "user", id: signedIn.id }, { after: { method: "oidc", issuer: settings?.issuer, second_factor: mfa } });
  });
  return { ok: true, mfa, user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion } };
}
