import { describe, expect, it } from "vitest";
import { isUuid, uuidSchema } from "./uuid.ts";

describe("isUuid", () => {
  it("accepts 8-4-4-4-12 hex in either case", () => {
    expect(isUuid("0b5f0c1e-7a3d-4c2b-9e8f-1a2b3c4d5e6f")).toBe(true);
    expect(isUuid("0B5F0C1E-7A3D-4C2B-9E8F-1A2B3C4D5E6F")).toBe(true);
    expect(isUuid("00000000-0000-0000-0000-000000000000")).toBe(true);
  });
  it("refuses 36 dashes and other 36-character strings that are not UUIDs (the old [0-9a-f-]{36} accepted them)", () => {
    expect(isUuid("-".repeat(36))).toBe(false);
    expect(isUuid("0b5f0c1e7a3d4c2b9e8f1a2b3c4d5e6f----")).toBe(false);
    expect(isUuid("0b5f0c1e-7a3d-4c2b-9e8f-1a2b3c4d5e6")).toBe(false);
    expect(isUuid("0b5f0c1e-7a3d-4c2b-9e8f-1a2b3c4d5e6g")).toBe(false);
    expect(isUuid(" 0b5f0c1e-7a3d-4c2b-9e8f-1a2b3c4d5e6f")).toBe(false);
    expect(isUuid(undefined)).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
  it("is the zod id schema's rule too", () => {
    const s = uuidSchema("Unknown session.");
    expect(s.safeParse("0b5f0c1e-7a3d-4c2b-9e8f-1a2b3c4d5e6f").success).toBe(true);
    const r = s.safeParse("-".repeat(36));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe("Unknown session.");
  });
});
