"use client";
import { useActionState, useRef } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { buttonClass } from "@/components/ui/button";
import type { FormAction } from "@/lib/actions/form-state";

/** `resend` and `remove` are the pages' server actions, handed down as props. */
export function ResendButton({ deliveryId, sessionId, resend }: { deliveryId: string; sessionId: string; resend: FormAction }) {
  const [state, action, pending] = useActionState(resend, { ok: false });
  return (
    <form action={action} className="inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <input type="hidden" name="sessionId" value={sessionId} />
      <button type="submit" disabled={pending} className={buttonClass("secondary", "px-2 py-1 text-xs")}>
        {pending ? "Queuing…" : "Resend"}
      </button>
      <FormMessage state={state} />
    </form>
  );
}

/** Delete with a confirmation dialog (native <dialog>: focus trapped, Escape closes). */
export function DeleteSession({ sessionId, remove }: { sessionId: string; remove: FormAction }) {
  const [state, action, pending] = useActionState(remove, { ok: false });
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <div>
      <button type="button" className={buttonClass("danger")} onClick={() => dialog.current?.showModal()}>
        Delete session
      </button>
      <FormMessage state={state} />
      <dialog ref={dialog} aria-labelledby="delete-title" className="m-auto max-w-md rounded-lg p-0 backdrop:bg-black/50 dark:bg-slate-900 dark:text-slate-100">
        <form action={action} className="space-y-4 p-5">
          <h2 id="delete-title" className="text-lg font-semibold">
            Delete this session?
          </h2>
          <p className="text-sm">Its attempts, pictures, events and decisions are deleted for good. This cannot be undone.</p>
          <input type="hidden" name="sessionId" value={sessionId} />
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" disabled={pending} className={buttonClass("danger")}>
              {pending ? "Deleting…" : "Delete for good"}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
