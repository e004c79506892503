"use server";
import { actorFor, requirePermission } from "@/lib/auth/current-user";
import { failure, formValues, type FormState } from "@/lib/actions/form-state";
import { changeOwnPassword } from "@/lib/users/change-password";

export async function changePasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  try {
    // Every role may change its own password: sessions.read is what every role holds.
    const user = await requirePermission("sessions.read");
    await changeOwnPassword(
      user.id,
      { current: String(form.get("current") ?? ""), password: String(form.get("password") ?? ""), confirm: String(form.get("confirm") ?? "") },
      await actorFor(user),
    );
    return { ok: true, message: "Password changed. Use the new one next time you sign in." };
  } catch (e) {
    return failure(e, values);
  }
}
