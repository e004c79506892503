"use client";
import { useId, useRef, useState } from "react";

/** A read-only value with a copy button that always says whether copying worked. */
export function CopyField({ label, value, secret = false }: { label: string; value: string; secret?: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  const id = useId();
  async function copy() {
    try {
      // navigator.clipboard exists only on secure origins (https, localhost).
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      setStatus("copied");
    } catch {
      ref.current?.select();
      setStatus("failed");
    }
  }
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-slate-600 dark:text-slate-400">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          ref={ref}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className={`block w-full min-w-0 rounded-md border border-slate-300 bg-slate-50 px-2 py-1.5 font-mono text-xs dark:border-slate-700 dark:bg-slate-950 ${secret ? "text-amber-800 dark:text-amber-300" : ""}`}
        />
        <button
          type="button"
          onClick={copy}
          className="shrink-0 rounded-md border border-slate-300 px-2.5 py-1.5 text-xs font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          aria-label={`Copy ${label}`}
        >
          {status === "copied" ? "Copied" : "Copy"}
        </button>
      </div>
      <p aria-live="polite" className="text-xs text-slate-500 dark:text-slate-400">
        {status === "failed" ? "Copy failed — select the text and copy it." : ""}
      </p>
    </div>
  );
}
