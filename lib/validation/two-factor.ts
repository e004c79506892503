import { z } from "zod";

/** The first code from the authenticator app, confirming enrolment. */
export const confirmTotpInput = z.object({
  code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code your authenticator app shows."),
});

export const twoFactorPolicyInput = z.object({
  roles: z.array(z.enum(["admin", "operator", "reviewer"])),
});
