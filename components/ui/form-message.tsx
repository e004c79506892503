"use client";
import { useEffect, useRef } from "react";
import type { FormState } from "@/lib/actions/form-state";

/**
 * A form's answer. After a failure it moves the focus to the first field marked invalid in its
 * form (or to the message itself), so keyboard and screen-reader users land on what to fix.
 */
export function FormMessage({ state }: { state: FormState }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.ok || !state.message || !ref.current) return;
    const invalid = ref.current.closest("form")?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? ref.current).focus();
  }, [state]);
  if (!state.message) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role={state.ok ? "status" : "alert"}
      className={`rounded-md px-3 py-2 text-sm outline-none ${state.ok ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200" : "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200"}`}
    >
      {state.message}
    </div>
  );
}
