"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { DecidePanel, type DecideAction } from "./decide-panel";

/** The queue's current session: decide it (A / D / R) and the next one loads; N skips. */
export function ReviewControls({ sessionId, reviewEnabled, skipHref, decide }: { sessionId: string; reviewEnabled: boolean; skipHref: string; decide: DecideAction }) {
  const router = useRouter();
  const [last, setLast] = useState<string | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName)) return;
      if (e.key.toLowerCase() === "n") {
        e.preventDefault();
        router.push(skipHref);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [router, skipHref]);
  return (
    <div className="space-y-3">
      {last && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
          {last}
        </p>
      )}
      <DecidePanel
        key={sessionId}
        decide={decide}
        sessionId={sessionId}
        reviewEnabled={reviewEnabled}
        title="Decide"
        shortcuts
        onDecided={(status) => {
          setLast(`Saved: ${status.replace("_", " ")}. Loading the next session…`);
          router.refresh();
        }}
      />
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-3 dark:border-slate-800">
        <button type="button" onClick={() => router.push(skipHref)} className="rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
          Next (skip) <kbd className="ml-1 rounded border border-current/40 px-1 text-xs">N</kbd>
        </button>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Shortcuts: <kbd>A</kbd> approve · <kbd>D</kbd> decline with the chosen reason · <kbd>R</kbd> request resubmission with the chosen reason · <kbd>N</kbd> next
        </p>
      </div>
    </div>
  );
}
