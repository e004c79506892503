"use client";
import { useActionState, useEffect, useState, useSyncExternalStore } from "react";
import type { FormAction } from "@/lib/actions/form-state";

export interface DecidedToast {
  sessionId: string;
  /** What was decided, in words ("Declined: 102 Suspected document tampering"). */
  text: string;
  /** Epoch ms when the server stops accepting the undo (and lets the webhook go). */
  undoUntil: number;
}

// One toast at a time, kept outside the panel that raised it: the panel unmounts when the page
// refreshes to the decided session (or the queue's next one), the toast must stay.
let current: DecidedToast | null = null;
const listeners = new Set<() => void>();
export function showDecidedToast(t: DecidedToast | null) {
  current = t;
  listeners.forEach((l) => l());
}
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** The decision just made, with Undo for as long as the server allows it (the webhook is held until then). */
export function UndoToaster({ undo }: { undo: FormAction }) {
  const toast = useSyncExternalStore(subscribe, () => current, () => null);
  if (!toast) return null;
  return <Toast key={`${toast.sessionId}:${toast.undoUntil}`} toast={toast} undo={undo} />;
}

function Toast({ toast, undo }: { toast: DecidedToast; undo: FormAction }) {
  const [state, action, pending] = useActionState(undo, { ok: false });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  const left = Math.max(0, Math.ceil((toast.undoUntil - now) / 1000));
  const open = left > 0 && !state.ok;
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="decision-toast"
      className="fixed inset-x-3 bottom-3 z-50 mx-auto flex max-w-xl flex-wrap items-center gap-3 rounded-lg border border-slate-300 bg-white px-4 py-3 text-sm shadow-lg sm:inset-x-auto sm:right-4 dark:border-slate-700 dark:bg-slate-900"
    >
      <span className="min-w-0 flex-1">
        {state.message ? state.message : toast.text}
        {open && <span className="ml-1 text-slate-600 dark:text-slate-400">· undo possible for {left} s</span>}
        {!open && !state.message && <span className="ml-1 text-slate-600 dark:text-slate-400">· final: the decision webhook is sent.</span>}
      </span>
      {open && (
        <form action={action}>
          <input type="hidden" name="sessionId" value={toast.sessionId} />
          <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white hover:bg-slate-700 dark:bg-white dark:text-slate-900 dark:hover:bg-slate-200">
            Undo
          </button>
        </form>
      )}
      {!open && (
      <button type="button" onClick={() => showDecidedToast(null)} className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800" aria-label="Dismiss">
        ✕
      </button>
      )}
    </div>
  );
}
