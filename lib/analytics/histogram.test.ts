import { describe, expect, it } from "vitest";
import { BUCKETS, bucketOf, emptyHistogram, quantile } from "./histogram.ts";

describe("duration histogram", () => {
  it("puts durations in log-scale buckets, exact powers of two on their lower edge", () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(999)).toBe(0);
    expect(bucketOf(1000)).toBe(1);
    expect(bucketOf(2000)).toBe(5);
    expect(bucketOf(1999)).toBe(4);
    expect(bucketOf(365 * 86_400_000)).toBe(BUCKETS - 1);
  });

  it("estimates quantiles within 10 % of the exact figure", () => {
    const samples = Array.from({ length: 1000 }, (_, i) => 5 + i * 7.3); // seconds
    const h = emptyHistogram();
    for (const s of samples) h[bucketOf(s * 1000)] += 1;
    const exact = (p: number) => samples[Math.ceil(p * samples.length) - 1];
    for (const p of [0.5, 0.9]) {
      const est = quantile(h, p)!;
      expect(Math.abs(est - exact(p)) / exact(p)).toBeLessThan(0.1);
    }
    expect(quantile(emptyHistogram(), 0.5)).toBeNull();
  });
});

describe("whole months of a range", async () => {
  const { wholeMonths } = await import("./get-analytics.ts");
  it("takes the months that lie wholly inside, none when there is none", () => {
    expect(wholeMonths("2026-01-01", "2026-12-31")).toEqual({ first: "2026-01-01", last: "2026-12-31" });
    expect(wholeMonths("2025-12-02", "2026-12-01")).toEqual({ first: "2026-01-01", last: "2026-11-30" });
    expect(wholeMonths("2026-02-01", "2026-02-28")).toEqual({ first: "2026-02-01", last: "2026-02-28" });
    const none = wholeMonths("2026-11-10", "2026-11-11");
    expect(none.first > none.last).toBe(true);
  });
});
