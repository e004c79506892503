"use client";
import { useActionState } from "react";
import { resendAction } from "./actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/lib/actions/form-state";

export function ResendButton({ deliveryId }: { deliveryId: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(resendAction, { ok: false });
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Queuing…" : "Resend"}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
