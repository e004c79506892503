import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "../errors.ts";
import { failure, fieldLabel, formValues, plainIssue } from "./form-state.ts";
import { fieldErrorsOf } from "../validation/issues.ts";

const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  f.append("$ACTION_ID_abc", "");
  return f;
};

describe("server actions' one mapper", () => {
  it("never hands passwords back to the browser, but parses them", () => {
    const f = form({ email: "a@example.com", password: "correct horse battery", confirm: "correct horse battery", current: "old one here!", newPassword: "x" });
    expect(formValues(f, { echo: true })).toEqual({ email: "a@example.com" });
    expect(formValues(f)).toEqual({ email: "a@example.com", password: "correct horse battery", confirm: "correct horse battery", current: "old one here!", newPassword: "x" });
  });
  it("names every wrong field of a zod failure and keeps what was typed", () => {
    const schema = z.object({ name: z.string().min(1, "Name is required."), email: z.email("Enter a valid e-mail address.") });
    const r = schema.safeParse({ name: "", email: "nope" });
    const values = { name: "", email: "nope" };
    expect(failure(r.error, values)).toEqual({
      ok: false,
      message: "Please correct the highlighted fields.",
      fieldErrors: { name: "Name is required.", email: "Enter a valid e-mail address." },
      values,
    });
  });
  it("shows a domain error's message, on its field when it has one, and hides unexpected errors", () => {
    expect(failure(new DomainError("no_key", "No valid API key.", "integrationId"), {})).toEqual({ ok: false, message: "No valid API key.", fieldErrors: { integrationId: "No valid API key." }, values: {} });
    expect(failure(new DomainError("forbidden", "You do not have permission to do this."), { a: "1" })).toEqual({ ok: false, message: "You do not have permission to do this.", values: { a: "1" } });
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(failure(new Error("relation does not exist"), {}).message).toBe("Something went wrong on our side; nothing was saved. Try again.");
    } finally {
      console.error = quiet;
    }
  });
});

describe("zod's default messages in plain language", () => {
  const schema = z.object({
    name: z.string().trim().max(5),
    firstName: z.string().min(1),
    email: z.email(),
    callbackUrl: z.string().max(3),
    role: z.enum(["admin", "operator"]),
    rateCap: z.coerce.number().int().max(10),
    own: z.string().max(2, "Own words win."),
  });
  const messages = (input: unknown) => {
    const r = schema.safeParse(input, { error: plainIssue });
    return r.success ? {} : fieldErrorsOf(r.error);
  };
  it("names the field and the limit, never zod's wording", () => {
    const m = messages({ name: "abcdefgh", firstName: "", email: "nope", callbackUrl: "https://x", role: "boss", rateCap: "11", own: "xyz" });
    expect(m).toEqual({
      name: "Name is at most 5 characters.",
      firstName: "First name is required.",
      email: "E-mail address is not a valid e-mail address.",
      callbackUrl: "Callback URL is at most 3 characters.",
      role: "Choose one of the offered options for role.",
      rateCap: "Rate cap is at most 10.",
      own: "Own words win.",
    });
    for (const text of Object.values(m)) expect(text).not.toMatch(/expected|Too big|Too small|Invalid/);
  });
  it("says a missing field is required", () => {
    expect(messages({}).name).toBe("Name is required.");
  });
  it("reads nested field names", () => {
    expect(fieldLabel(["engineSettings", "minAge"])).toBe("Min age");
    expect(fieldLabel([])).toBe("This value");
  });
});
