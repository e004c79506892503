import { describe, expect, it } from "vitest";
import { accentVariables, contrast } from "./branding.ts";

describe("the flow's accent colour", () => {
  it("keeps white text on the accent and accent links on white and on the dark page at 4.5:1 or more", () => {
    for (const accent of ["#FFFF00", "#00FF00", "#1D4ED8", "#000000", "#FFFFFF", "#E11D48", "#7DD3FC"]) {
      const v = accentVariables(accent);
      expect(contrast(v["--color-brand-600"], "#FFFFFF"), accent).toBeGreaterThanOrEqual(4.5);
      expect(contrast(v["--color-brand-700"], "#FFFFFF"), accent).toBeGreaterThanOrEqual(4.5);
      expect(contrast(v["--color-brand-500"], "#0F172A"), accent).toBeGreaterThanOrEqual(4.5);
    }
  });
  it("leaves a dark enough colour as it was", () => {
    expect(accentVariables("#1D4ED8")["--color-brand-600"]).toBe("#1D4ED8");
  });
  it("sets nothing without a valid colour", () => {
    expect(accentVariables(null)).toEqual({});
    expect(accentVariables("red")).toEqual({});
  });
});
