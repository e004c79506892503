"use client";
import { useRef, useState } from "react";

/**
 * Copies text and always says what happened: "Copied", or on a plain-http host where the
 * clipboard is unavailable, "Copy failed — select the text" with a selected field to copy from.
 */
export function CopyButton({ text, label = "Copy", className = "" }: { text: string; label?: string; className?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const field = useRef<HTMLInputElement>(null);
  async function copy() {
    try {
      if (!navigator.clipboard?.writeText) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      setState("copied");
      setTimeout(() => setState("idle"), 2000);
    } catch {
      setState("failed");
      setTimeout(() => {
        field.current?.focus();
        field.current?.select();
      }, 0);
    }
  }
  return (
    <span className={`inline-flex flex-wrap items-center gap-1 ${className}`}>
      <button
        type="button"
        onClick={copy}
        className="rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        {label}
      </button>
      <span role="status" className="text-xs text-slate-600 dark:text-slate-300">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed — select the text" : ""}
      </span>
      {state === "failed" && (
        <input
          ref={field}
          readOnly
          value={text}
          aria-label="Text to copy"
          onFocus={(e) => e.currentTarget.select()}
          className="w-64 max-w-full rounded border border-slate-300 bg-white px-1 py-0.5 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
        />
      )}
    </span>
  );
}
