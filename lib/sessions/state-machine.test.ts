import { describe, expect, it } from "vitest";
import { canTransition, transitions } from "./state-machine.ts";
import { finalStatuses, sessionStatuses } from "./codes.ts";

describe("session state machine", () => {
  it("allows the hosted flow, decisions, resubmission and expiry paths", () => {
    expect(canTransition("created", "started")).toBe(true);
    expect(canTransition("started", "submitted")).toBe(true);
    for (const d of ["approved", "declined", "resubmission_requested", "review"] as const) expect(canTransition("submitted", d)).toBe(true);
    expect(canTransition("resubmission_requested", "started")).toBe(true);
    expect(canTransition("review", "approved")).toBe(true);
    expect(canTransition("created", "expired")).toBe(true);
    expect(canTransition("started", "abandoned")).toBe(true);
    expect(canTransition("resubmission_requested", "abandoned")).toBe(true);
  });

  it("refuses illegal transitions", () => {
    expect(canTransition("created", "approved")).toBe(false);
    expect(canTransition("started", "approved")).toBe(false);
    expect(canTransition("submitted", "started")).toBe(false);
    expect(canTransition("submitted", "expired")).toBe(false);
    expect(canTransition("review", "review")).toBe(false);
    expect(canTransition("created", "abandoned")).toBe(false);
  });

  it("final statuses lead nowhere, and every status has an entry", () => {
    for (const s of finalStatuses) expect(transitions[s]).toEqual([]);
    expect(Object.keys(transitions).sort()).toEqual([...sessionStatuses].sort());
  });
});
