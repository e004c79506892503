"use client";
import { useActionState, useState } from "react";
import type { FormAction } from "@/lib/actions/form-state";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export interface SavedViewsProps {
  views: { id: string; name: string; search: string }[];
  save: FormAction;
  remove: FormAction;
  /** The list's current filter (canonical query string). */
  search: string;
  onOpen: (search: string) => void;
}

/** The user's named filters, one click each; "Save view" names the current one. */
export function SavedViews({ views, save, remove, search, onOpen }: SavedViewsProps) {
  const [saving, setSaving] = useState(false);
  const [state, saveAction, pending] = useActionState(save, { ok: false });
  const [removed, removeAction] = useActionState(remove, { ok: false });
  return (
    <section aria-label="Saved views" className="flex flex-wrap items-center gap-2 text-sm">
      <span className="font-medium">Saved views:</span>
      {views.length === 0 && <span className="text-slate-600 dark:text-slate-400">none yet</span>}
      {views.map((v) => (
        <span key={v.id} className={`inline-flex items-center rounded-full border ${v.search === search ? "border-brand-600 bg-brand-50 dark:bg-slate-800" : "border-slate-300 dark:border-slate-700"}`}>
          <button type="button" onClick={() => onOpen(v.search)} className="rounded-l-full px-3 py-1 hover:underline" aria-current={v.search === search ? "true" : undefined}>
            {v.name}
          </button>
          <form action={removeAction}>
            <input type="hidden" name="viewId" value={v.id} />
            <button type="submit" className="rounded-r-full px-2 py-1 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800" aria-label={`Delete view ${v.name}`}>
              ✕
            </button>
          </form>
        </span>
      ))}
      {!saving ? (
        <button type="button" onClick={() => setSaving(true)} className={buttonClass("ghost", "py-1")} disabled={!search}>
          Save this view…
        </button>
      ) : (
        <form action={saveAction} className="flex flex-wrap items-center gap-2">
          <input type="hidden" name="search" value={search} />
          <label htmlFor="view-name" className="sr-only">
            View name
          </label>
          <input id="view-name" name="name" required maxLength={60} placeholder="Name, e.g. My submitted" className={`${inputClass} mt-0 w-52 py-1`} defaultValue={state.values?.name} aria-invalid={!!state.fieldErrors?.name} />
          <button type="submit" disabled={pending} className={buttonClass("secondary", "py-1")}>
            Save
          </button>
          <button type="button" onClick={() => setSaving(false)} className={buttonClass("ghost", "py-1")}>
            Cancel
          </button>
        </form>
      )}
      {state.fieldErrors?.name && <span className="text-red-700 dark:text-red-400">{state.fieldErrors.name}</span>}
      {!state.ok && !state.fieldErrors?.name && <FormMessage state={state} />}
      {!removed.ok && <FormMessage state={removed} />}
    </section>
  );
}
