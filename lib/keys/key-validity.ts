/** A key is valid while it is not revoked, or its revocation lies in the future (a rotation's grace period). */
export function isKeyValid(key: { revokedAt: Date | null }, now = new Date()): boolean {
  return key.revokedAt === null || key.revokedAt.getTime() > now.getTime();
}

export type KeyState = "active" | "grace" | "revoked";

export function keyState(key: { revokedAt: Date | null }, now = new Date()): KeyState {
  if (key.revokedAt === null) return "active";
  return key.revokedAt.getTime() > now.getTime() ? "grace" : "revoked";
}

/** SQL predicate with the same meaning as isKeyValid, for queries on api_keys (`alias` when the query names the table). */
export const validKeySql = (alias?: string) => {
  const c = alias ? `${alias}.revoked_at` : "revoked_at";
  return `(${c} IS NULL OR ${c} > now())`;
};
export const VALID_KEY_SQL = validKeySql();

/** The same, as a Prisma `where` on ApiKey. */
export const validKeyWhere = (now = new Date()) => ({ OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] });
