"use client";
import { useActionState } from "react";
import { ConfirmAction } from "@/components/ui/confirm-action";
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

/** Delete with a confirmation dialog. */
export function DeleteSession({ sessionId, remove }: { sessionId: string; remove: FormAction }) {
  return (
    <ConfirmAction action={remove} fields={{ sessionId }} button="Delete session" title="Delete this session?" confirm="Delete for good" pendingLabel="Deleting…">
      <p>Its attempts, pictures, events and decisions are deleted for good. This cannot be undone.</p>
    </ConfirmAction>
  );
}
