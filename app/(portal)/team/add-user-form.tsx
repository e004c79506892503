"use client";
import { useActionState } from "react";
import { addUserAction, type CredentialResult } from "./actions";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { Select } from "@/components/ui/field";
import { CredentialCard } from "./credential-card";
import type { FormState } from "@/lib/actions/form-state";

export function AddUserForm() {
  const [state, action, pending] = useActionState<FormState<CredentialResult>, FormData>(addUserAction, { ok: false });
  const v = state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <div className="space-y-4">
      {state.ok && <FormMessage state={state} />}
      {state.ok && state.result && <CredentialCard r={state.result} />}
      <form action={action} className="grid gap-4 sm:grid-cols-2" noValidate key={state.ok ? `added-${state.result?.email}` : "form"}>
        {!state.ok && (
          <div className="sm:col-span-2 empty:hidden">
            <FormMessage state={state} />
          </div>
        )}
        <Field label="Name" name="name" defaultValue={v.name} error={e.name} required />
        <Field label="Email" name="email" type="email" defaultValue={v.email} error={e.email} required />
        <Select label="Role" name="role" defaultValue={v.role ?? "operator"} error={e.role}>
          <option value="operator">Operator</option>
          <option value="reviewer">Reviewer</option>
          <option value="admin">Admin</option>
        </Select>
        <Select label="How they sign in first" name="credential" defaultValue={v.credential ?? "link"} error={e.credential}>
          <option value="link">A set-password link (72 hours)</option>
          <option value="password">A one-time password shown now</option>
        </Select>
        <div className="sm:col-span-2">
          <Button type="submit" disabled={pending}>
            {pending ? "Adding…" : "Add user"}
          </Button>
        </div>
      </form>
    </div>
  );
}
