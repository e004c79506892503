import { prisma } from "../db/index.ts";
import { hashPassword } from "../auth/password.ts";
import { recordAudit } from "../audit/record.ts";
import { setPasswordInput } from "../validation/user.ts";
import { DomainError } from "../errors.ts";
import { hashToken } from "./credentials.ts";
import { clearAccountLocks } from "../auth/throttle.ts";

/** Who a set-password link belongs to, if it is still usable. */
export async function findSetPasswordToken(token: string) {
  if (token.length < 20 || token.length > 200) return null;
  const user = await prisma().user.findUnique({
    where: { setPasswordTokenHash: hashToken(token) },
    select: { id: true, email: true, name: true, disabled: true, setPasswordExpiresAt: true },
  });
  if (!user || user.disabled || !user.setPasswordExpiresAt || user.setPasswordExpiresAt <= new Date()) return null;
  return user;
}

/** Uses a set-password link once: the token is cleared in the same statement that sets the password. */
export async function setPasswordWithToken(input: { token: string; password: string; confirm: string }, ip: string | null) {
  const data = setPasswordInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  return prisma().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; email: string }[]>`
      UPDATE users SET password_hash = ${passwordHash}, set_password_token_hash = NULL, set_password_expires_at = NULL,
             failed_sign_ins = 0, locked_until = NULL, must_change_password = false,
             session_version = session_version + 1, updated_at = now()
      WHERE set_password_token_hash = ${hashToken(data.token)} AND set_password_expires_at > now() AND NOT disabled
      RETURNING id, email`;
    const user = rows[0];
    if (!user) throw new DomainError("link_invalid", "This link has expired or was already used. Ask an administrator for a new one.");
    await recordAudit(tx, { id: user.id, label: user.email, ip }, "user.password_set", { type: "user", id: user.id });
    return user;
  }).then(async (user) => {
    // The link unlocks: a victim locked out by someone guessing gets in with it.
    await clearAccountLocks(user.email);
    return user;
  });
}
