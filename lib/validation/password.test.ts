import { describe, expect, it } from "vitest";
import { changePasswordInput } from "./change-password.ts";
import { createUserInput, setPasswordInput } from "./user.ts";
import { firstAdminInput } from "../setup/create-first-admin.ts";

const common = ["Password1234", "qwertyuiop123", "iloveyou1234", "monkey123456", "passwordpassword", "123456789012", "aaaaaaaaaaaa", "Welcome12345"];
const TOO_EASY = "This password is too easy to guess (a common password, word or pattern): choose a longer phrase of your own.";
const issue = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => r.error?.issues.find((i) => i.path[0] === "password")?.message;

describe("every place a password is chosen refuses common ones, not only short ones", () => {
  it.each(common)("refuses %s at setup, on a set-password link, on the account page and for a new user", (pw) => {
    expect(issue(firstAdminInput.safeParse({ email: "a@example.com", name: "A", password: pw, confirm: pw }))).toBe(TOO_EASY);
    expect(issue(setPasswordInput.safeParse({ token: "t".repeat(40), password: pw, confirm: pw }))).toBe(TOO_EASY);
    expect(issue(changePasswordInput.safeParse({ current: "the old one here", password: pw, confirm: pw }))).toBe(TOO_EASY);
    expect(issue(createUserInput.safeParse({ email: "a@example.com", name: "A", role: "reviewer", password: pw }))).toBe(TOO_EASY);
  });

  it("accepts a long phrase of ordinary words", () => {
    for (const pw of ["correct horse battery staple", "nina's new password", "the right password 1"]) {
      expect(setPasswordInput.safeParse({ token: "t".repeat(40), password: pw, confirm: pw }).success).toBe(true);
    }
  });
});
