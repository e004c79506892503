import { describe, expect, it } from "vitest";
import { decodeCursor, defaultListParams, encodeCursor, listParamsToSearch, parseListParams, withFilter } from "../lib/sessions/list-params.ts";
import { addVerificationInput, formFieldOf } from "../lib/validation/add-verification.ts";
import { createSessionBody, createSessionFailure } from "../lib/validation/session.ts";
import { fieldErrorsOf } from "../lib/validation/issues.ts";
import { signPortalUser, verifyPortalUser } from "../lib/api-client/internal-auth.ts";

const id = "0b0c1f8e-4a3b-4c1d-9e2f-123456789abc";

describe("list params: the URL is the list's state", () => {
  it("parses every filter, canonicalises order and drops unknown values", () => {
    const cursor = encodeCursor({ createdAt: "2026-11-01T10:00:00.000Z", id });
    const p = parseListParams(
      new URLSearchParams(`status=review,approved,bogus&status=created&decision=none,declined&integration=${id.toUpperCase()}&from=2026-11-01&to=2026-11-30&q=%20sarah%20&sort=asc&cursor=${cursor}`),
    );
    expect(p).toEqual({
      status: ["created", "approved", "review"],
      decision: ["declined", "none"],
      integration: id,
      from: "2026-11-01",
      to: "2026-11-30",
      q: "sarah",
      sort: "asc",
      cursor,
    });
    expect(parseListParams(new URLSearchParams(listParamsToSearch(p).slice(1)))).toEqual(p);
  });

  it("falls back to defaults field by field on a malformed URL", () => {
    expect(parseListParams(new URLSearchParams("status=nope&integration=123&from=2026-02-30&to=yesterday&sort=sideways&cursor=!!!&q="))).toEqual(defaultListParams);
    expect(parseListParams({ status: ["approved", "x"], sort: ["asc", "desc"] })).toMatchObject({ status: ["approved"], sort: "asc" });
    expect(defaultListParams).toEqual({ status: [], decision: [], sort: "desc", integration: undefined, from: undefined, to: undefined, q: undefined, cursor: undefined });
    expect(listParamsToSearch(defaultListParams)).toBe("");
  });

  it("rejects forged cursors and resets the position when a filter changes", () => {
    expect(decodeCursor(encodeCursor({ createdAt: "2026-11-01T10:00:00.000Z", id }))).toEqual({ createdAt: "2026-11-01T10:00:00.000Z", id });
    expect(decodeCursor(btoa("not-a-date|" + id))).toBeNull();
    expect(decodeCursor(btoa("2026-11-01T10:00:00.000Z|1 OR 1=1"))).toBeNull();
    const p = parseListParams(new URLSearchParams(`status=submitted&cursor=${encodeCursor({ createdAt: "2026-11-01T10:00:00.000Z", id })}`));
    expect(p.cursor).toBeDefined();
    const changed = withFilter(p, { decision: ["none"] });
    expect(changed.cursor).toBeUndefined();
    expect(changed.status).toEqual(["submitted"]);
  });
});

describe("Add Verification form validation (the API's own schema)", () => {
  const base = { integrationId: id, firstName: "Sarah", lastName: "Morgan" };
  // The portal's own fields, then the body through the API client's check with the API's schema.
  const checkAddVerification = (values: Record<string, string>) => {
    const form = addVerificationInput.safeParse(values);
    if (!form.success) return { ok: false as const, fieldErrors: fieldErrorsOf(form.error) };
    const body = createSessionBody.safeParse(form.data.body);
    if (!body.success) {
      const e = createSessionFailure(body.error);
      return { ok: false as const, fieldErrors: { [formFieldOf(e.field ?? "")]: e.message } };
    }
    return { ok: true as const, body: form.data.body };
  };
  it("requires the integration and both names", () => {
    const r = checkAddVerification({ integrationId: "", firstName: " ", lastName: "" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors).toEqual({ integrationId: "Choose an integration.", firstName: "User first name is required.", lastName: "User last name is required." });
  });
  it("maps the API's validation errors to the form's fields", () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ endUserId: "not-a-uuid" }, "endUserId", /UUID/],
      [{ callback: "http://example.com/back" }, "callback", /HTTPS/],
      [{ lang: "english" }, "lang", /ISO 639-1/],
      [{ vendorData: "x".repeat(1001) }, "vendorData", /1000/],
    ];
    for (const [extra, field, msg] of cases) {
      const r = checkAddVerification({ ...base, ...extra });
      expect(r.ok, field).toBe(false);
      if (!r.ok) {
        expect(Object.keys(r.fieldErrors)).toEqual([field]);
        expect(r.fieldErrors[field]).toMatch(msg);
      }
    }
  });
  it("builds the body an integrator would send, empty optionals left out", () => {
    const r = checkAddVerification({ ...base, vendorData: "case-7", endUserId: "", callback: "https://shop.example.com/done", lang: "et" });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.body).toEqual({ verification: { person: { firstName: "Sarah", lastName: "Morgan" }, vendorData: "case-7", callback: "https://shop.example.com/done", lang: "et" } });
  });
});

describe("internal portal-user headers", () => {
  const secret = "s".repeat(64);
  it("verifies only a signature made with AUTH_SECRET for that user id", () => {
    const sig = signPortalUser(id, secret);
    expect(verifyPortalUser({ "x-checkpoint-portal-user": id, "x-checkpoint-internal": sig }, secret)).toBe(id);
    expect(verifyPortalUser({ "x-checkpoint-portal-user": id, "x-checkpoint-internal": sig }, "t".repeat(64))).toBeNull();
    expect(verifyPortalUser({ "x-checkpoint-portal-user": id.replace("0b", "0c"), "x-checkpoint-internal": sig }, secret)).toBeNull();
    expect(verifyPortalUser({ "x-checkpoint-portal-user": id }, secret)).toBeNull();
  });
});
