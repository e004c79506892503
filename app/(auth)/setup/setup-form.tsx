"use client";
import { useActionState } from "react";
import { setupAction } from "./actions";
import { Field } from "@/components/ui/field";
import { NewPasswordFields } from "@/components/ui/new-password-fields";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/lib/actions/form-state";

export function SetupForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(setupAction, { ok: false });
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field label="Your name" name="name" autoComplete="name" defaultValue={v.name} error={e.name} required />
      <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={v.email} error={e.email} required />
      <NewPasswordFields errors={e} label="Password" />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create administrator"}
      </Button>
    </form>
  );
}
