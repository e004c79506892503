import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

export const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";

/** The label, hint and error around a control, the error tied to it for screen readers. */
function Labelled({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}

const described = (id: string, error?: string, hint?: ReactNode) => ({
  "aria-invalid": error ? true : undefined,
  "aria-describedby": error ? `${id}-error` : hint ? `${id}-hint` : undefined,
});

/** A labelled input (or `children` in its place). */
export function Field({
  label,
  name,
  error,
  hint,
  children,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; error?: string; hint?: ReactNode; children?: ReactNode }) {
  const id = input.id ?? `f-${name}`;
  return (
    <Labelled id={id} label={label} error={error} hint={hint}>
      {children ?? <input id={id} name={name} className={inputClass} {...described(id, error, hint)} {...input} />}
    </Labelled>
  );
}

/** A labelled select. */
export function Select({ label, name, error, children, ...rest }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; name: string; error?: string }) {
  const id = rest.id ?? `f-${name}`;
  return (
    <Labelled id={id} label={label} error={error}>
      <select id={id} name={name} className={inputClass} {...described(id, error)} {...rest}>
        {children}
      </select>
    </Labelled>
  );
}
