import { prisma } from "../db/index.ts";
import { verifyPassword } from "./password.ts";
import { recordAudit } from "../audit/record.ts";
import { reserveAttempt, settleFailure, settleSuccess, RULES } from "./throttle.ts";
import { verifySecondFactor } from "./two-factor.ts";

export const MAX_FAILED_SIGN_INS = RULES.account_address.max;
export const LOCKOUT_MS = RULES.account_address.lockSecs * 1000;

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: "admin" | "operator" | "reviewer";
  sessionVersion: number;
}

export type SignInResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: "invalid" | "locked" | "disabled" | "otp_required"; lockedUntil?: Date };

// Same work as a real check, so response time does not reveal which e-mails exist.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$" + "A".repeat(86);

/**
 * Checks e-mail, password and (when the user has enrolled) the second factor. The attempt is
 * counted in sign_in_throttle before anything is compared (lib/auth/throttle.ts), so parallel
 * guesses cannot pass the limit and a locked account is refused whatever the password; unknown
 * e-mails count and lock the same way, so the answers never tell whether an account exists.
 */
export async function signInWithPassword(emailRaw: string, password: string, ip?: string | null, otp?: string | null): Promise<SignInResult> {
  const email = emailRaw.trim().toLowerCase();
  const reservation = await reserveAttempt(email, ip ?? null);
  if (!reservation.allowed) return { ok: false, reason: "locked", lockedUntil: reservation.lockedUntil ?? undefined };

  const fail = async (): Promise<SignInResult> => {
    const lockedUntil = await settleFailure(reservation);
    if (lockedUntil) {
      if (user) await recordAudit(prisma(), { id: user.id, label: user.email, ip }, "user.locked", { type: "user", id: user.id });
      return { ok: false, reason: "locked", lockedUntil };
    }
    return { ok: false, reason: "invalid" };
  };

  const user = await prisma().user.findUnique({ where: { email } });
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid) return fail();
  if (user.disabled) {
    await settleSuccess(reservation);
    return { ok: false, reason: "disabled" };
  }
  // A one-time password from the Team page signs in once.
  if (user.mustChangePassword && user.oneTimePasswordUsedAt) return fail();
  if (user.totpSecret) {
    if (!otp?.trim()) {
      // The password was right; the second step is still to come, and no session is issued.
      await settleSuccess(reservation);
      return { ok: false, reason: "otp_required" };
    }
    if (!(await verifySecondFactor(user.id, user.totpSecret, otp, { id: user.id, label: user.email, ip: ip ?? null }))) return fail();
  }
  if (user.mustChangePassword) {
    const used = await prisma().$executeRaw`UPDATE users SET one_time_password_used_at = now() WHERE id = ${user.id}::uuid AND one_time_password_used_at IS NULL`;
    if (used !== 1) return fail();
  }
  await settleSuccess(reservation);
  await prisma().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await recordAudit(tx, { id: user.id, label: user.email, ip }, "user.sign_in", { type: "user", id: user.id }, user.totpSecret ? { after: { second_factor: true } } : undefined);
  });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion } };
}
