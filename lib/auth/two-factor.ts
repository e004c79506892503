import { prisma } from "../db/index.ts";
import { decryptSecret, encryptSecret } from "../crypto/secrets.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { DomainError } from "../errors.ts";
import { hashRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, totpUri } from "./totp.ts";

type Role = "admin" | "operator" | "reviewer";
const POLICY_KEY = "auth.require_2fa_roles";

/**
 * The second step at sign-in: a TOTP code (each time step accepted once: the step is recorded in
 * the same UPDATE that accepts it) or an unused recovery code (marked used in the UPDATE that accepts it).
 */
export async function verifySecondFactor(userId: string, encryptedSecret: string, code: string, actor: Actor): Promise<boolean> {
  const step = await matchTotp(decryptSecret(encryptedSecret), code);
  if (step !== null) {
    const n = await prisma().$executeRaw`
      UPDATE users SET totp_last_step = ${BigInt(step)} WHERE id = ${userId}::uuid AND (totp_last_step IS NULL OR totp_last_step < ${BigInt(step)})`;
    return n === 1;
  }
  if (!/^[a-z0-9]{10}$/i.test(code.replace(/[\s-]/g, ""))) return false;
  const used = await prisma().$executeRaw`
    UPDATE recovery_codes SET used_at = now() WHERE user_id = ${userId}::uuid AND code_hash = ${hashRecoveryCode(code)} AND used_at IS NULL`;
  if (used === 1) await recordAudit(prisma(), actor, "user.recovery_code_used", { type: "user", id: userId });
  return used === 1;
}

/** Starts enrolment: a new secret, kept encrypted as pending until a code confirms it. */
export async function beginTotpEnrolment(userId: string): Promise<{ secret: string; uri: string }> {
  const user = await prisma().user.findUnique({ where: { id: userId }, select: { email: true, totpSecret: true } });
  if (!user) throw new DomainError("user_not_found", "Your account no longer exists.");
  if (user.totpSecret) throw new DomainError("two_factor_enabled", "Two-factor authentication is already on.");
  const secret = newTotpSecret();
  await prisma().user.update({ where: { id: userId }, data: { totpPendingSecret: encryptSecret(secret) } });
  return { secret, uri: totpUri(secret, user.email) };
}

/** The pending secret, for showing the QR code again after a wrong code. */
export async function pendingTotp(userId: string): Promise<{ secret: string; uri: string } | null> {
  const user = await prisma().user.findUnique({ where: { id: userId }, select: { email: true, totpPendingSecret: true, totpSecret: true } });
  if (!user?.totpPendingSecret || user.totpSecret) return null;
  const secret = decryptSecret(user.totpPendingSecret);
  return { secret, uri: totpUri(secret, user.email) };
}

/** Confirms enrolment with a first code; returns the ten recovery codes, shown once (stored hashed). */
export async function confirmTotpEnrolment(userId: string, code: string, actor: Actor): Promise<string[]> {
  const pending = await pendingTotp(userId);
  if (!pending) throw new DomainError("no_enrolment", "Start again: scan a new QR code.");
  const step = await matchTotp(pending.secret, code);
  if (step === null) throw new DomainError("wrong_code", "That code is not right. Check the time on your phone and try the current code.", "code");
  const codes = newRecoveryCodes();
  await prisma().$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { totpSecret: encryptSecret(pending.secret), totpPendingSecret: null, totpEnabledAt: new Date(), totpLastStep: BigInt(step) },
    });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) });
    await recordAudit(tx, actor, "user.two_factor_enable", { type: "user", id: userId });
  });
  return codes;
}

/** An admin takes a user's second factor away (lost phone); the user enrols again. Ends their sessions. */
export async function resetSecondFactor(userId: string, actor: Actor): Promise<void> {
  await prisma().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { totpSecret: true } });
    if (!user) throw new DomainError("not_found", "This user does not exist.");
    await tx.user.update({
      where: { id: userId },
      data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null, sessionVersion: { increment: 1 } },
    });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await recordAudit(tx, actor, "user.two_factor_reset", { type: "user", id: userId }, { before: { enabled: !!user.totpSecret }, after: { enabled: false } });
  });
}

/** The roles whose users must use two-factor authentication (admin setting). */
export async function rolesRequiringTwoFactor(): Promise<Role[]> {
  const row = await prisma().setting.findUnique({ where: { key: POLICY_KEY } });
  if (!row) return [];
  try {
    const v = JSON.parse(row.value);
    return Array.isArray(v) ? v.filter((r): r is Role => r === "admin" || r === "operator" || r === "reviewer") : [];
  } catch {
    return [];
  }
}

export async function setRolesRequiringTwoFactor(roles: Role[], actor: Actor): Promise<void> {
  const before = await rolesRequiringTwoFactor();
  const value = JSON.stringify([...new Set(roles)].sort());
  await prisma().$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: POLICY_KEY }, create: { key: POLICY_KEY, value }, update: { value } });
    await recordAudit(tx, actor, "settings.two_factor_policy", { type: "setting", id: POLICY_KEY }, { before: { roles: before }, after: { roles: JSON.parse(value) } });
  });
}
