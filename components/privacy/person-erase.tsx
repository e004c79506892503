"use client";
import { useActionState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-action";
import { LocalTime } from "@/components/ui/local-time";
import type { FormAction } from "@/lib/actions/form-state";
import type { RedactionReceipt } from "@/lib/privacy/redact-sessions";

/**
 * The privacy screen's erase step: `children` (the sessions found) until the erasure succeeds,
 * then the receipt in their place (what was removed, when, by whom), ready to print or copy.
 */
export function PersonErase({ erase, fields, count, children }: { erase: FormAction<RedactionReceipt & { matchedBy: string }>; fields: Record<string, string>; count: number; children: React.ReactNode }) {
  const [state, action, pending] = useActionState(erase, { ok: false });
  const r = state.ok ? state.result : undefined;
  if (r) {
    return (
      <section aria-labelledby="h-receipt" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-800 dark:bg-emerald-950">
        <h2 id="h-receipt" className="mb-2 font-semibold">
          Erasure receipt
        </h2>
        <p>
          {r.totals.sessions} session(s) matched by {r.matchedBy} erased <LocalTime value={r.at} /> ({r.at}) by {r.by}: {r.totals.media} picture(s) deleted; personal data, vendorData and endUserId
          cleared. Status, decisions and times are kept.
        </p>
        <ul className="mt-2 space-y-0.5 font-mono text-xs">
          {r.sessions.map((s) => (
            <li key={s.id}>
              {s.id}: {s.media} picture(s)
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <div className="space-y-4">
      {children}
      <ConfirmDialog state={state} action={action} pending={pending} fields={fields} button={`Erase ${count} session(s)`} title="Erase this person's data?" confirm="Erase for good" pendingLabel="Erasing…">
        <p>
          In one transaction, the pictures of {count} session(s) are deleted and their person, document, address, what was read, vendorData and endUserId are cleared.
          Status, decisions and times stay for statistics and the audit log. You get a receipt; this cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}
