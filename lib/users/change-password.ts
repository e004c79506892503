import { prisma } from "../db/index.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { DomainError } from "../errors.ts";
import { changePasswordInput, type ChangePasswordInput } from "../validation/change-password.ts";

/**
 * A signed-in user changes their own password; the current one must be given. Every session of
 * the user ends (session version); the caller re-issues this browser's cookie with the new version.
 */
export async function changeOwnPassword(userId: string, input: ChangePasswordInput, actor: Actor) {
  const data = changePasswordInput.parse(input);
  const user = await prisma().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) throw new DomainError("user_not_found", "Your account no longer exists.");
  if (!(await verifyPassword(data.current, user.passwordHash))) throw new DomainError("wrong_password", "The current password is wrong.", "current");
  const passwordHash = await hashPassword(data.password);
  return prisma().$transaction(async (tx) => {
    const updated = await tx.user.update({
      where: { id: userId },
      data: { passwordHash, failedSignIns: 0, lockedUntil: null, setPasswordTokenHash: null, setPasswordExpiresAt: null, mustChangePassword: false, sessionVersion: { increment: 1 } },
      select: { id: true, email: true, name: true, sessionVersion: true },
    });
    await recordAudit(tx, actor, "user.password_change", { type: "user", id: userId });
    return updated;
  });
}
