"use client";
import { useActionState, useEffect, useRef } from "react";
import { declineReasons, resubmissionReasons } from "@/lib/sessions/codes";
import { FormMessage } from "@/components/ui/form-message";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import type { SessionStatus } from "@/lib/sessions/codes";

export type DecideAction = FormAction<{ status: SessionStatus }>;

export const quickDecline = [102, 103, 105];
export const quickResubmit = [204, 608, 614];

/**
 * Approve, decline with a declined reason, request resubmission with a resubmission reason, or
 * (when the integration allows it) send to review. With `shortcuts`, A / D / R submit it.
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
  const [state, action, pending] = useActionState(decide, { ok: false });
  const form = useRef<HTMLFormElement>(null);
  const decided = useRef<FormState | null>(null);
  useEffect(() => {
    if (state.ok && state.result && decided.current !== state) {
      decided.current = state;
      onDecided?.(state.result.status);
    }
  }, [state, onDecided]);
  useEffect(() => {
    if (!shortcuts) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName) || t.isContentEditable) return;
      const button = { a: "approved", d: "declined", r: "resubmission_requested" }[e.key.toLowerCase()];
      if (!button) return;
      e.preventDefault();
      form.current?.querySelector<HTMLButtonElement>(`button[value="${button}"]`)?.click();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [shortcuts]);
  const key = (k: string) => (shortcuts ? <kbd className="ml-1 rounded border border-current/40 px-1 text-xs">{k}</kbd> : null);
  return (
    <form ref={form} action={action} className="space-y-3" aria-label={title}>
      <h2 className="text-lg font-semibold">{title}</h2>
      <FormMessage state={state} />
      <input type="hidden" name="sessionId" value={sessionId} />
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
      <div className="flex flex-wrap gap-1.5" role="group" aria-label="One-click decisions with a reason">
        {quickDecline.map((c) => (
          <button key={c} type="submit" name="quick" value={`declined:${c}`} disabled={pending} className={buttonClass("secondary", "text-xs")}>
            Decline: {declineReasons[c]}
          </button>
        ))}
        {quickResubmit.map((c) => (
          <button key={c} type="submit" name="quick" value={`resubmission_requested:${c}`} disabled={pending} className={buttonClass("secondary", "text-xs")}>
            Resubmit: {resubmissionReasons[c]}
          </button>
        ))}
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-56 flex-1">
          <label htmlFor={`decline-${sessionId}`} className="block text-sm font-medium">
            Declined reason
          </label>
          <select id={`decline-${sessionId}`} name="declineReason" className={inputClass} defaultValue="102">
            {Object.entries(declineReasons).map(([code, text]) => (
              <option key={code} value={code}>
                {code} {text}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" name="decision" value="declined" disabled={pending} className={buttonClass("danger")}>
          Decline{key("D")}
        </button>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-56 flex-1">
          <label htmlFor={`resubmit-${sessionId}`} className="block text-sm font-medium">
            Resubmission reason
          </label>
          <select id={`resubmit-${sessionId}`} name="resubmitReason" className={inputClass} defaultValue="204">
            {Object.entries(resubmissionReasons).map(([code, text]) => (
              <option key={code} value={code}>
                {code} {text}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" name="decision" value="resubmission_requested" disabled={pending} className={buttonClass("secondary")}>
          Request resubmission{key("R")}
        </button>
      </div>
    </form>
  );
}
