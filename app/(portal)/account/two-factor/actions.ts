"use server";
import { z } from "zod";
import { formAction } from "@/lib/actions/form-action";
import { beginTotpEnrolment, confirmTotpEnrolment } from "@/lib/auth/two-factor";
import { confirmTotpInput } from "@/lib/validation/two-factor";

// Every role may set up its own second factor; open to a user whose role requires it first.
export const beginTotpAction = formAction({ permission: "sessions.read", schema: z.object({}), allowPending: "two_factor" }, async (_input, { user }) => {
  const { secret, uri } = await beginTotpEnrolment(user.id);
  return { result: { secret, uri } };
});

export const confirmTotpAction = formAction({ permission: "sessions.read", schema: confirmTotpInput, allowPending: "two_factor" }, async (input, { user, actor }) => {
  const codes = await confirmTotpEnrolment(user.id, input.code, actor);
  return { message: "Two-factor authentication is on.", result: { codes } };
});
