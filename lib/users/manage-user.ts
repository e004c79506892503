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

type LoadedUser = Awaited<ReturnType<typeof loadUser>>;
interface UserChange {
  data: { role?: LoadedUser["role"]; disabled?: boolean };
  action: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  /** Set when the change takes an admin away: refused for the last one ("… before you <this>"). */
  removesAdmin?: string;
}

/** Applies `plan(user)` under the admin lock with its audit row; no plan means nothing to change. */
async function changeUser(userId: string, actor: Actor, plan: (user: LoadedUser) => UserChange | null) {
  return prisma().$transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const user = await loadUser(tx, userId);
    const change = plan(user);
    if (!change) return { changed: false };
    if (change.removesAdmin && user.role === "admin") refuseIfLastAdmin(admins, user.id, change.removesAdmin);
    await tx.user.update({ where: { id: user.id }, data: change.data });
    await recordAudit(tx, actor, change.action, { type: "user", id: user.id }, { before: change.before, after: change.after });
    return { changed: true };
  });
}

export async function changeRole(input: { userId: string; role: string }, actor: Actor) {
  const { userId, role } = changeRoleInput.parse(input);
  return changeUser(userId, actor, (user) =>
    user.role === role ? null : { data: { role }, action: "user.role_change", before: { role: user.role }, after: { role }, removesAdmin: "change this role" },
  );
}

export async function setDisabled(input: { userId: string; disabled: boolean }, actor: Actor) {
  const { userId, disabled } = setDisabledInput.parse(input);
  return changeUser(userId, actor, (user) =>
    user.disabled === disabled
      ? null
      : { data: { disabled }, action: disabled ? "user.disable" : "user.enable", before: { disabled: user.disabled }, after: { disabled }, removesAdmin: disabled ? "disable this account" : undefined },
  );
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
