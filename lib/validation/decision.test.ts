import { describe, expect, it } from "vitest";
import { decisionFromForm, decisionInput } from "./decision.ts";

describe("decisionInput: one schema for the portal, the test panel and the CLI", () => {
  it("takes the reason of the chosen decision's select, or of a one-click button", () => {
    expect(decisionInput.parse(decisionFromForm({ decision: "declined", declineReason: "102", resubmitReason: "204" }))).toEqual({ decision: "declined", reasonCode: 102 });
    expect(decisionInput.parse(decisionFromForm({ decision: "resubmission_requested", declineReason: "102", resubmitReason: "204" }))).toEqual({ decision: "resubmission_requested", reasonCode: 204 });
    expect(decisionInput.parse(decisionFromForm({ decision: "approved", declineReason: "102" }))).toEqual({ decision: "approved", reasonCode: null });
    expect(decisionInput.parse(decisionFromForm({ quick: "declined:105", declineReason: "" }))).toEqual({ decision: "declined", reasonCode: 105 });
  });
  it("refuses an unknown decision and a reason that is not a whole number", () => {
    expect(decisionInput.safeParse({ decision: "maybe" }).error?.issues[0].message).toMatch(/^must be one of approved, declined/);
    expect(decisionInput.safeParse({ decision: "declined", reasonCode: "abc" }).success).toBe(false);
    expect(decisionInput.safeParse({ decision: "declined", reasonCode: "1.5" }).success).toBe(false);
    expect(decisionInput.parse({ decision: "review" })).toEqual({ decision: "review" });
  });
});
