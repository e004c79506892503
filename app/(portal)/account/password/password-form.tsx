"use client";
import { useActionState } from "react";
import { changePasswordAction } from "./actions";
import { Field } from "@/components/ui/field";
import { NewPasswordFields } from "@/components/ui/new-password-fields";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/lib/actions/form-state";

export function PasswordForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(changePasswordAction, { ok: false });
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="max-w-md space-y-4" noValidate key={state.ok ? "done" : "form"}>
      <FormMessage state={state} />
      <Field label="Current password" name="current" type="password" autoComplete="current-password" error={e.current} required />
      <NewPasswordFields errors={e} confirmLabel="Confirm new password" />
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Change password"}</Button>
    </form>
  );
}
