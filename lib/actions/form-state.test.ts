import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "../errors.ts";
import { failure, formValues } from "./form-state.ts";

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
