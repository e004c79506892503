import { describe, expect, it } from "vitest";
import { canTransition, transitions } from "./state-machine.ts";
import { finalStatuses, sessionStatuses, type SessionStatus } from "./codes.ts";

describe("session state machine", () => {
  const allowed: [SessionStatus, SessionStatus][] = [
    ["created", "started"],
    ["started", "submitted"],
    ["submitted", "approved"],
    ["submitted", "declined"],
    ["submitted", "resubmission_requested"],
    ["submitted", "review"],
    ["resubmission_requested", "started"],
    ["review", "approved"],
    ["created", "expired"],
    ["started", "abandoned"],
    ["resubmission_requested", "abandoned"],
  ];
  const refused: [SessionStatus, SessionStatus][] = [
    ["created", "approved"],
    ["started", "approved"],
    ["submitted", "started"],
    ["submitted", "expired"],
    ["review", "review"],
    ["created", "abandoned"],
  ];
  it("allows the hosted flow, decisions, resubmission and expiry paths", () => {
    for (const [from, to] of allowed) expect(canTransition(from, to), `${from} → ${to}`).toBe(true);
  });

  it("refuses illegal transitions", () => {
    for (const [from, to] of refused) expect(canTransition(from, to), `${from} → ${to}`).toBe(false);
  });

  it("final statuses lead nowhere, and every status has an entry", () => {
    for (const s of finalStatuses) expect(transitions[s]).toEqual([]);
    expect(Object.keys(transitions).sort()).toEqual([...sessionStatuses].sort());
  });
});
