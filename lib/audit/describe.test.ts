import { describe, expect, it } from "vitest";
import { auditChanges, describeAction } from "./describe.ts";

describe("the audit log in words", () => {
  it("names actions in words, and reads an unknown one from its code", () => {
    expect(describeAction("integration.update")).toBe("Changed an integration's settings");
    expect(describeAction("session.create")).toBe("Created a verification session");
    expect(describeAction("thing.new_kind")).toBe("Thing new kind");
  });
  it("turns before/after into field changes", () => {
    expect(
      auditChanges({ name: "Acme", rateCap: null, reviewEnabled: false }, { name: "Acme Live", rateCap: 120, reviewEnabled: true, brandAccentColor: "#FFD500" }),
    ).toEqual([
      { field: "Name", before: "Acme", after: "Acme Live" },
      { field: "Rate cap", before: "(none)", after: "120" },
      { field: "Review status", before: "no", after: "yes" },
      { field: "Accent colour", before: null, after: "#FFD500" },
    ]);
    expect(auditChanges(null, { status: "approved" })).toEqual([{ field: "Status", before: null, after: "approved" }]);
    expect(auditChanges({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
