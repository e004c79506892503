"use client";
import { useActionState, useRef } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { buttonClass } from "@/components/ui/button";
import type { FormAction, FormState } from "@/lib/actions/form-state";

interface DialogProps {
  fields: Record<string, string>;
  button: string;
  title: string;
  children: React.ReactNode;
  confirm: string;
  pendingLabel: string;
  id: string;
}

/**
 * A danger button that opens a confirmation dialog (native <dialog>: focus trapped, Escape
 * closes) whose form runs `action` with the hidden `fields`; the answer is shown under the button.
 */
export function ConfirmAction({ action: run, ...props }: DialogProps & { action: FormAction }) {
  const [state, action, pending] = useActionState(run, { ok: false });
  return <ConfirmDialog {...props} state={state} action={action} pending={pending} />;
}

/** ConfirmAction's button and dialog, for a caller that holds the action's state itself. */
export function ConfirmDialog({ state, action, pending, fields, button, title, children, confirm, pendingLabel, id }: DialogProps & { state: FormState; action: (f: FormData) => void; pending: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <div>
      <button type="button" className={buttonClass("danger")} onClick={() => dialog.current?.showModal()}>
        {button}
      </button>
      <FormMessage state={state} />
      <dialog ref={dialog} aria-labelledby={`${id}-title`} className="m-auto max-w-md rounded-lg p-0 backdrop:bg-black/50 dark:bg-slate-900 dark:text-slate-100">
        <form action={action} onSubmit={() => dialog.current?.close()} className="space-y-4 p-5">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="text-sm">{children}</div>
          {Object.entries(fields).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" disabled={pending} className={buttonClass("danger")}>
              {pending ? pendingLabel : confirm}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
