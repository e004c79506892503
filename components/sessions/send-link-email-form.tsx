"use client";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormAction } from "@/lib/actions/form-state";

/** "Send by e-mail": the address (the person's, when the session has one), then the outbox. */
export function SendLinkEmailForm({ sessionId, defaultTo, send }: { sessionId: string; defaultTo: string; send: FormAction }) {
  const [state, action, pending] = useActionState(send, { ok: false });
  return (
    <form action={action} className="space-y-2" noValidate>
      <input type="hidden" name="sessionId" value={sessionId} />
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-56 flex-1">
          <Field label="Send the link by e-mail to" name="to" type="email" autoComplete="off" defaultValue={state.values?.to ?? defaultTo} error={state.fieldErrors?.to} />
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Sending…" : "Send by e-mail"}
        </Button>
      </div>
      {!state.fieldErrors?.to && <FormMessage state={state} />}
    </form>
  );
}
