/** A key is valid while it is not revoked, or its revocation lies in the future (a rotation's grace period). */
export function isKeyValid(key: { revokedAt: Date | null }, now = new Date()): boolean {
  return key.revokedAt === null || key.revokedAt.getTime() > now.getTime();
}

export type KeyState = "active" | "grace" | "revoked";

export function keyState(key: { revokedAt: Date | null }, now = new Date()): KeyState {
  if (key.revokedAt === null) return "active";
  return key.revokedAt.getTime() > now.getTime() ? "grace" : "revoked";
}

/** SQL predicate with the same meaning, for queries on api_keys. */
export const VALID_KEY_SQL = "(revoked_at IS NULL OR revoked_at > now())";
