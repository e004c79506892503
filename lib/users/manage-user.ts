import { prisma } from "../db/index.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { changeRoleInput, resetPasswordInput, setDisabledInput } from "../validation/user.ts";
import { DomainError } from "../errors.ts";
import { issueCredential } from "./credentials.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/**
 * Locks every active admin row. Two concurrent demotions of the last two admins serialise
 * here: the second waits, then re-reads the rows (READ COMMITTED re-checks the WHERE on the
 * updated row), sees one admin left and refuses.
 */
async function lockActiveAdmins(tx: Prisma.TransactionClient): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`;
  return rows.map((r) => r.id);
}

async function loadUser(tx: Prisma.TransactionClient, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true, disabled: true } });
  if (!user) throw new DomainError("not_found", "This user does not exist.");
  return user;
}

function refuseIfLastAdmin(admins: string[], userId: string, what: string) {
  if (admins.length === 1 && admins[0] === userId) {
    throw new DomainError("last_admin", `This is the last active administrator: make another user an admin before you ${what}.`);
  }
}

export async function changeRole(input: { userId: string; role: string }, actor: Actor) {
  const data = changeRoleInput.parse(input);
  return prisma().$transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const user = await loadUser(tx, data.userId);
    if (user.role === data.role) return { changed: false };
    if (user.role === "admin") refuseIfLastAdmin(admins, user.id, "change this role");
    await tx.user.update({ where: { id: user.id }, data: { role: data.role } });
    await recordAudit(tx, actor, "user.role_change", { type: "user", id: user.id }, { before: { role: user.role }, after: { role: data.role } });
    return { changed: true };
  });
}

export async function setDisabled(input: { userId: string; disabled: boolean }, actor: Actor) {
  const data = setDisabledInput.parse(input);
  return prisma().$transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const user = await loadUser(tx, data.userId);
    if (user.disabled === data.disabled) return { changed: false };
    if (data.disabled && user.role === "admin") refuseIfLastAdmin(admins, user.id, "disable this account");
    await tx.user.update({ where: { id: user.id }, data: { disabled: data.disabled } });
    await recordAudit(tx, actor, data.disabled ? "user.disable" : "user.enable", { type: "user", id: user.id }, { before: { disabled: user.disabled }, after: { disabled: data.disabled } });
    return { changed: true };
  });
}

/** Replaces the password with a one-time one, or with a set-password link; clears any lock-out. */
export async function resetPassword(input: { userId: string; credential?: "password" | "link" }, actor: Actor) {
  const data = resetPasswordInput.parse(input);
  const cred = await issueCredential(data.credential);
  return prisma().$transaction(async (tx) => {
    const user = await loadUser(tx, data.userId);
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash: cred.passwordHash, setPasswordTokenHash: cred.tokenHash, setPasswordExpiresAt: cred.expiresAt, failedSignIns: 0, lockedUntil: null },
    });
    await recordAudit(tx, actor, "user.password_reset", { type: "user", id: user.id }, { after: { credential: data.credential } });
    return { email: user.email, credential: cred.shown };
  });
}
