"use server";
import { formAction } from "@/lib/actions/form-action";
import { changeOwnPassword } from "@/lib/users/change-password";
import { changePasswordInput } from "@/lib/validation/change-password";

// Every role may change its own password: sessions.read is what every role holds.
export const changePasswordAction = formAction({ permission: "sessions.read", schema: changePasswordInput }, async (input, { user, actor }) => {
  await changeOwnPassword(user.id, input, actor);
  return { message: "Password changed. Use the new one next time you sign in." };
});
