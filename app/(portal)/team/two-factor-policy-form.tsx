"use client";
import { useActionState } from "react";
import { twoFactorPolicyAction } from "./actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/lib/actions/form-state";

const roles = [
  { value: "admin", label: "Admins" },
  { value: "operator", label: "Operators" },
  { value: "reviewer", label: "Reviewers" },
] as const;

export function TwoFactorPolicyForm({ required }: { required: string[] }) {
  const [state, action, pending] = useActionState<FormState, FormData>(twoFactorPolicyAction, { ok: false });
  return (
    <form action={action} className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">Users of a role that requires it are sent to set it up before anything else.</p>
      <fieldset className="flex flex-wrap gap-4">
        <legend className="sr-only">Require two-factor authentication for</legend>
        {roles.map((r) => (
          <label key={r.value} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={`require_${r.value}`} defaultChecked={required.includes(r.value)} />
            Require for {r.label.toLowerCase()}
          </label>
        ))}
      </fieldset>
      <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Saving…" : "Save"}</Button>
      <FormMessage state={state} />
    </form>
  );
}
