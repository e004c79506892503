"use server";
import { z } from "zod";
import { formAction } from "@/lib/actions/form-action";
import { endAllSessions } from "@/lib/auth/session-version";
import { changeOwnPassword } from "@/lib/users/change-password";
import { reissueSessionCookie } from "@/lib/auth/session-cookie";
import { changePasswordInput } from "@/lib/validation/change-password";

// Every role may change its own password: sessions.read is what every role holds. Open to a
// user who must choose a new password (after a one-time one) before anything else.
export const changePasswordAction = formAction({ permission: "sessions.read", schema: changePasswordInput, allowPending: "password" }, async (input, { user, actor }) => {
  const updated = await changeOwnPassword(user.id, input, actor);
  await reissueSessionCookie(updated);
  return { message: "Password changed. Your other sessions have been signed out." };
});

// Ends every session of the user, this one included (the form then signs this browser out).
export const signOutEverywhereAction = formAction({ permission: "sessions.read", schema: z.object({}) }, async (_input, { user, actor }) => {
  await endAllSessions(user.id, actor);
  return { message: "Signed out everywhere." };
});
