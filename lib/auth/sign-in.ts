import { prisma } from "../db/index.ts";
import { verifyPassword } from "./password.ts";
import { recordAudit } from "../audit/record.ts";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: "admin" | "operator" | "reviewer" } }
  | { ok: false; reason: "invalid" | "locked" | "disabled"; lockedUntil?: Date };

/**
 * Checks e-mail and password. Five failures in a row lock the account for 15 minutes; the
 * counter lives in the users table so every app process sees it.
 */
export async function signInWithPassword(emailRaw: string, password: string, ip?: string | null): Promise<SignInResult> {
  const email = emailRaw.trim().toLowerCase();
  const user = await prisma().user.findUnique({ where: { email } });
  if (!user) {
    // Same work as a real check, so response time does not reveal which e-mails exist.
    await verifyPassword(password, "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$" + "A".repeat(86));
    return { ok: false, reason: "invalid" };
  }
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) return { ok: false, reason: "locked", lockedUntil: user.lockedUntil };
  const valid = await verifyPassword(password, user.passwordHash);
  if (!valid) {
    // Atomic increment; the fifth failure sets the lock.
    const rows = await prisma().$queryRaw<{ failed_sign_ins: number; locked_until: Date | null }[]>`
      UPDATE users SET
        failed_sign_ins = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_sign_ins + 1 END,
        locked_until = CASE
          WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_sign_ins + 1 END) >= ${MAX_FAILED_SIGN_INS}
          THEN now() + make_interval(secs => ${LOCKOUT_MS / 1000}) ELSE NULL END
      WHERE id = ${user.id}::uuid
      RETURNING failed_sign_ins, locked_until`;
    const lockedUntil = rows[0]?.locked_until;
    if (lockedUntil) {
      await recordAudit(prisma(), { id: user.id, label: user.email, ip }, "user.locked", { type: "user", id: user.id });
      return { ok: false, reason: "locked", lockedUntil: new Date(lockedUntil) };
    }
    return { ok: false, reason: "invalid" };
  }
  if (user.disabled) return { ok: false, reason: "disabled" };
  await prisma().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { failedSignIns: 0, lockedUntil: null, lastSignInAt: now } });
    await recordAudit(tx, { id: user.id, label: user.email, ip }, "user.sign_in", { type: "user", id: user.id });
  });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
