"use client";
import { useActionState, useEffect, useRef, useState } from "react";
import { declineReasons, resubmissionReasons } from "@/lib/sessions/codes";
import { FormMessage } from "@/components/ui/form-message";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import type { SessionStatus } from "@/lib/sessions/codes";
import { showDecidedToast } from "./undo-toast";

type DecideResult = { status: SessionStatus; sessionId: string; undoUntil: number };
export type DecideAction = FormAction<DecideResult>;

export const quickDecline = [102, 103, 105];
export const quickResubmit = [204, 608, 614];

type Asking = { decision: "declined" | "resubmission_requested"; code: number };

const words = { approved: "Approved", declined: "Declined", resubmission_requested: "Resubmission requested", review: "Sent to review" } as Record<string, string>;
const reasonOf = (a: Asking) => (a.decision === "declined" ? declineReasons : resubmissionReasons)[a.code];

/**
 * Approve, decline with a declined reason, request resubmission with a resubmission reason, or
 * (when the integration allows it) send to review. Declines and resubmission requests ask first,
 * naming the reason picked; every decision can be undone for 10 seconds from the toast
 * (UndoToaster). With `shortcuts`, A approves, D / R ask to decline / request resubmission
 * (Enter confirms, Escape cancels).
 */
export function DecidePanel({
  sessionId,
  reviewEnabled,
  title,
  shortcuts = false,
  onDecided,
  decide,
}: {
  /** The decide server action, handed down by the page. */
  decide: DecideAction;
  sessionId: string;
  reviewEnabled: boolean;
  title: string;
  shortcuts?: boolean;
  onDecided?: (status: string) => void;
}) {
  const [asking, setAsking] = useState<Asking | null>(null);
  const [declineReason, setDeclineReason] = useState("102");
  const [resubmitReason, setResubmitReason] = useState("204");
  // The toast is raised here, as the answer arrives, not in an effect: the same answer refreshes
  // the page, and a decided session's page no longer renders this panel.
  const [state, action, pending] = useActionState(async (prev: FormState<DecideResult>, form: FormData) => {
    const next = await decide(prev, form);
    if (next.ok && next.result) {
      const r = next.result;
      const quick = String(form.get("quick") ?? "").split(":");
      const code = Number(quick[1]);
      const reason = quick[0] === "declined" ? declineReasons[code] : quick[0] === "resubmission_requested" ? resubmissionReasons[code] : undefined;
      showDecidedToast({ sessionId: r.sessionId, text: `${words[r.status] ?? r.status}${reason ? ` (${code} ${reason})` : ""}.`, undoUntil: r.undoUntil });
      setAsking(null);
      onDecided?.(r.status);
    }
    return next;
  }, { ok: false });
  const form = useRef<HTMLFormElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (asking && !d.open) d.showModal();
    if (!asking && d.open) d.close();
  }, [asking]);
  const ask = (decision: Asking["decision"], code: number) => setAsking({ decision, code });
  useEffect(() => {
    if (!shortcuts) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName) || t.isContentEditable || dialog.current?.open) return;
      const k = e.key.toLowerCase();
      if (k === "a") {
        e.preventDefault();
        form.current?.querySelector<HTMLButtonElement>(`button[value="approved"]`)?.click();
      } else if (k === "d" || k === "r") {
        e.preventDefault();
        if (k === "d") ask("declined", Number(declineReason));
        else ask("resubmission_requested", Number(resubmitReason));
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [shortcuts, declineReason, resubmitReason]);
  const key = (k: string) => (shortcuts ? <kbd className="ml-1 rounded border border-current/40 px-1 text-xs">{k}</kbd> : null);
  return (
    <form ref={form} action={action} className="space-y-3" aria-label={title}>
      <h2 className="text-lg font-semibold">{title}</h2>
      <FormMessage state={state.ok ? { ok: false } : state} />
      <input type="hidden" name="sessionId" value={sessionId} />
      <div>
        <label htmlFor={`note-${sessionId}`} className="block text-sm font-medium">
          Note <span className="font-normal text-slate-600 dark:text-slate-400">(optional: kept with the decision, sent in the webhook&apos;s comments)</span>
        </label>
        <textarea id={`note-${sessionId}`} name="note" rows={2} maxLength={2000} className={inputClass} defaultValue={state.values?.note} />
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <button type="submit" name="decision" value="approved" disabled={pending} className={buttonClass("primary", "bg-emerald-700 hover:bg-emerald-800")}>
          Approve{key("A")}
        </button>
        {reviewEnabled && (
          <button type="submit" name="decision" value="review" disabled={pending} className={buttonClass("secondary")}>
            Send to review
          </button>
        )}
      </div>
      <div className="flex flex-wrap gap-1.5" role="group" aria-label="Quick decisions with a reason">
        {quickDecline.map((c) => (
          <button key={c} type="button" disabled={pending} onClick={() => ask("declined", c)} className={buttonClass("secondary", "text-xs")}>
            Decline: {declineReasons[c]}
          </button>
        ))}
        {quickResubmit.map((c) => (
          <button key={c} type="button" disabled={pending} onClick={() => ask("resubmission_requested", c)} className={buttonClass("secondary", "text-xs")}>
            Resubmit: {resubmissionReasons[c]}
          </button>
        ))}
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-56 flex-1">
          <label htmlFor={`decline-${sessionId}`} className="block text-sm font-medium">
            Declined reason
          </label>
          <select id={`decline-${sessionId}`} className={inputClass} value={declineReason} onChange={(e) => setDeclineReason(e.target.value)}>
            {Object.entries(declineReasons).map(([code, text]) => (
              <option key={code} value={code}>
                {text} ({code})
              </option>
            ))}
          </select>
        </div>
        <button type="button" disabled={pending} onClick={() => ask("declined", Number(declineReason))} className={buttonClass("danger")}>
          Decline…{key("D")}
        </button>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-56 flex-1">
          <label htmlFor={`resubmit-${sessionId}`} className="block text-sm font-medium">
            Resubmission reason
          </label>
          <select id={`resubmit-${sessionId}`} className={inputClass} value={resubmitReason} onChange={(e) => setResubmitReason(e.target.value)}>
            {Object.entries(resubmissionReasons).map(([code, text]) => (
              <option key={code} value={code}>
                {text} ({code})
              </option>
            ))}
          </select>
        </div>
        <button type="button" disabled={pending} onClick={() => ask("resubmission_requested", Number(resubmitReason))} className={buttonClass("secondary")}>
          Request resubmission…{key("R")}
        </button>
      </div>
      <dialog
        ref={dialog}
        aria-labelledby={`confirm-${sessionId}`}
        onClose={() => setAsking(null)}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-300 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        {asking && (
          <div className="space-y-3">
            <h3 id={`confirm-${sessionId}`} className="text-lg font-semibold">
              {asking.decision === "declined" ? "Decline this session?" : "Ask the person to try again?"}
            </h3>
            <p className="text-sm">
              Reason: <strong>{reasonOf(asking)}</strong> <span className="font-mono text-xs text-slate-600 dark:text-slate-400">({asking.code})</span>
            </p>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {asking.decision === "declined" ? "A decline is final." : "The person gets a new attempt and is told what to fix."} You can undo it for 10 seconds.
            </p>
            <div className="flex flex-wrap justify-end gap-2">
              <button type="button" onClick={() => setAsking(null)} className={buttonClass("secondary")}>
                Cancel
              </button>
              <button type="submit" name="quick" value={`${asking.decision}:${asking.code}`} disabled={pending} autoFocus className={buttonClass(asking.decision === "declined" ? "danger" : "primary")}>
                {asking.decision === "declined" ? "Decline" : "Request resubmission"}
              </button>
            </div>
          </div>
        )}
      </dialog>
    </form>
  );
}
