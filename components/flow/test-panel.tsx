"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { declineReasons, resubmissionReasons } from "@/lib/sessions/codes";
import type { Dictionary } from "@/lib/flow/i18n";
import { Notice } from "./flow-shell";

const choices = ["approved", "declined", "resubmission_requested", "review"] as const;

/** Test integrations only: the tester forces the decision, as on Veriff's test integrations. */
export function TestPanel({ token, t, onContinue }: { token: string; t: Dictionary; onContinue: () => void }) {
  const [decision, setDecision] = useState<(typeof choices)[number]>("approved");
  const [reasonCode, setReasonCode] = useState<string>("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const reasons = decision === "declined" ? declineReasons : decision === "resubmission_requested" ? resubmissionReasons : null;

  async function apply(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/v/${token}/test-decision`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ decision, reasonCode: reasons && reasonCode ? Number(reasonCode) : null }),
      });
      const json = (await res.json().catch(() => ({}))) as { status?: string; code?: string };
      if (!res.ok || !json.status) return setError(t.error(json.code, t.applyFailed));
      setDone(json.status);
    } catch {
      setError(t.applyFailed);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="test-panel-title" className="rounded-xl border-2 border-dashed border-amber-400 bg-amber-50 p-4 dark:border-amber-600 dark:bg-amber-900/20">
      <p className="mb-1 inline-block rounded bg-amber-400 px-2 py-0.5 text-xs font-bold tracking-wider text-amber-950" lang="en">TEST</p>
      <h2 id="test-panel-title" className="font-semibold text-amber-950 dark:text-amber-100">
        {t.testPanel}
      </h2>
      <p className="mb-3 text-sm text-amber-900 dark:text-amber-200">{t.testPanelLead}</p>
      {done ? (
        <div className="flex flex-col gap-3">
          <Notice tone="ok">{t.decided(t.status[done] ?? done)}</Notice>
          {done === "resubmission_requested" ? (
            <Button type="button" onClick={() => window.location.reload()}>
              {t.newAttempt}
            </Button>
          ) : (
            <Button type="button" onClick={onContinue}>
              {t.continue}
            </Button>
          )}
        </div>
      ) : (
        <form onSubmit={apply} className="flex flex-col gap-3">
          <fieldset className="grid grid-cols-2 gap-2">
            <legend className="sr-only">{t.decision}</legend>
            {choices.map((c) => (
              <label key={c} className="flex items-center gap-2 rounded-md border border-amber-300 bg-white px-3 py-2 text-sm dark:border-amber-700 dark:bg-slate-900">
                <input type="radio" name="decision" value={c} checked={decision === c} onChange={() => (setDecision(c), setReasonCode(""))} className="accent-amber-600" />
                {t.decisions[c]}
              </label>
            ))}
          </fieldset>
          {reasons && (
            <div className="space-y-1">
              <label htmlFor="test-reason" className="block text-sm font-medium">
                {t.reason}
              </label>
              <select id="test-reason" required className={inputClass} value={reasonCode} onChange={(e) => setReasonCode(e.target.value)}>
                <option value="">—</option>
                {Object.entries(reasons).map(([code, text]) => (
                  <option key={code} value={code}>
                    {code} · {t.reasonFor(Number(code)) ?? text}
                  </option>
                ))}
              </select>
            </div>
          )}
          {error && <Notice tone="error">{error}</Notice>}
          <button
            type="submit"
            disabled={busy}
            className="inline-flex items-center justify-center rounded-md bg-amber-700 px-3.5 py-2 text-sm font-medium text-white hover:bg-amber-800 disabled:opacity-50"
          >
            {t.apply}
          </button>
        </form>
      )}
    </section>
  );
}
