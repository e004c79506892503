import { describe, expect, it } from "vitest";
import { dateBound, dateRangeWhere, upperBound } from "./date-range.ts";

describe("list filters' date bounds", () => {
  it("accepts what Date.parse reads and drops the rest", () => {
    expect(dateBound.parse("2026-11-29")).toBe("2026-11-29");
    expect(dateBound.parse(" 2026-11-29T10:00:00Z ")).toBe("2026-11-29T10:00:00Z");
    expect(dateBound.parse("yesterday")).toBeUndefined();
    expect(dateBound.parse(undefined)).toBeUndefined();
  });
  it("a bare day as `to` includes the whole day; a time is taken as given", () => {
    expect(upperBound("2026-11-29").toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(upperBound("2026-11-29T10:00:00Z").toISOString()).toBe("2026-11-29T10:00:00.000Z");
  });
  it("builds bound clauses with parameters", () => {
    const params: unknown[] = [];
    const add = (v: unknown) => `$${params.push(v)}`;
    expect(dateRangeWhere("d.created_at", { from: "2026-11-01", to: "2026-11-29" }, add)).toEqual(["d.created_at >= $1", "d.created_at < $2"]);
    expect(params).toEqual([new Date("2026-11-01T00:00:00Z"), new Date("2026-11-30T00:00:00Z")]);
    expect(dateRangeWhere("created_at", {}, add)).toEqual([]);
  });
});
