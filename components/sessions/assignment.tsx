"use client";
import { useActionState } from "react";
import type { FormAction } from "@/lib/actions/form-state";
import { buttonClass } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

/** Who works on the session: claim it, or give it up (its holder or an admin). */
export function Assignment({ sessionId, assignedTo, me, isAdmin, assign }: { sessionId: string; assignedTo: { id: string; name: string } | null; me: string; isAdmin: boolean; assign?: FormAction }) {
  const [state, action, pending] = useActionState(assign ?? (async () => ({ ok: false })), { ok: false });
  const mine = assignedTo?.id === me;
  return (
    <form action={action} className="flex flex-wrap items-center gap-2 text-sm" aria-label="Assignment">
      <input type="hidden" name="sessionId" value={sessionId} />
      <span data-testid="assignee">{assignedTo ? (mine ? "Assigned to you" : `Assigned to ${assignedTo.name}`) : "Not assigned"}</span>
      {assign && !assignedTo && (
        <button type="submit" name="assign" value="me" disabled={pending} className={buttonClass("secondary", "py-1")}>
          Assign to me
        </button>
      )}
      {assign && assignedTo && (mine || isAdmin) && (
        <button type="submit" name="assign" value="nobody" disabled={pending} className={buttonClass("secondary", "py-1")}>
          Unassign
        </button>
      )}
      {!state.ok && <FormMessage state={state} />}
    </form>
  );
}
