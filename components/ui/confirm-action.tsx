"use client";
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { ConfirmSubmit } from "@/components/ui/confirm-dialog";
import type { FormAction, FormState } from "@/lib/actions/form-state";

interface DialogProps {
  fields: Record<string, string>;
  button: string;
  title: string;
  children: React.ReactNode;
  confirm: string;
  pendingLabel: string;
}

/** A danger button that asks first (ConfirmSubmit's dialog), then runs `action` with the hidden `fields`; the answer is shown under the button. */
export function ConfirmAction({ action: run, ...props }: DialogProps & { action: FormAction }) {
  const [state, action, pending] = useActionState(run, { ok: false });
  return <ConfirmDialog {...props} state={state} action={action} pending={pending} />;
}

/** ConfirmAction's form, for a caller that holds the action's state itself. */
export function ConfirmDialog({ state, action, pending, fields, button, title, children, confirm, pendingLabel }: DialogProps & { state: FormState; action: (f: FormData) => void; pending: boolean }) {
  return (
    <div>
      <form action={action}>
        {Object.entries(fields).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <ConfirmSubmit title={title} body={children} confirmLabel={pending ? pendingLabel : confirm} disabled={pending}>
          {button}
        </ConfirmSubmit>
      </form>
      <FormMessage state={state} />
    </div>
  );
}
