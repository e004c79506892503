import { describe, expect, it } from "vitest";
import { isKeyValid, keyState, validKeySql, validKeyWhere, VALID_KEY_SQL } from "./key-validity.ts";

describe("key validity: one rule in three forms", () => {
  const now = new Date("2026-12-01T10:00:00Z");
  it("valid while not revoked or within a rotation's grace", () => {
    expect(isKeyValid({ revokedAt: null }, now)).toBe(true);
    expect(isKeyValid({ revokedAt: new Date(now.getTime() + 1) }, now)).toBe(true);
    expect(isKeyValid({ revokedAt: now }, now)).toBe(false);
    expect([null, new Date(now.getTime() + 1), now].map((revokedAt) => keyState({ revokedAt }, now))).toEqual(["active", "grace", "revoked"]);
  });
  it("the SQL and Prisma forms say the same", () => {
    expect(VALID_KEY_SQL).toBe("(revoked_at IS NULL OR revoked_at > now())");
    expect(validKeySql("k")).toBe("(k.revoked_at IS NULL OR k.revoked_at > now())");
    expect(validKeyWhere(now)).toEqual({ OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] });
  });
});
