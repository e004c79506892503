import type { ReactNode } from "react";

/** The hosted flow's frame: a centred card, full-bleed on phones. */
export function FlowShell({ title, children, actions, lang }: { title: string; children: ReactNode; actions?: ReactNode; lang: string }) {
  return (
    <main lang={lang} className="flex min-h-dvh flex-col bg-slate-50 sm:items-center sm:justify-center sm:px-4 sm:py-8 dark:bg-slate-950">
      <div className="flex w-full flex-1 flex-col bg-white sm:max-w-lg sm:flex-none sm:rounded-2xl sm:border sm:border-slate-200 sm:shadow-sm dark:bg-slate-900 sm:dark:border-slate-800">
        <header className="flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-3 dark:border-slate-800">
          <div className="flex items-center gap-2 font-semibold">
            <span aria-hidden className="inline-block size-7 rounded-md bg-brand-600 text-center leading-7 text-white">✓</span>
            <h1 className="text-base">{title}</h1>
          </div>
          {actions}
        </header>
        <div className="flex flex-1 flex-col gap-4 p-4 sm:p-6">{children}</div>
      </div>
    </main>
  );
}

export function Notice({ tone = "info", title, children }: { tone?: "info" | "warn" | "error" | "ok"; title?: string; children?: ReactNode }) {
  const tones = {
    info: "border-brand-100 bg-brand-50 text-slate-800 dark:border-brand-700/40 dark:bg-brand-700/15 dark:text-slate-100",
    warn: "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-700/50 dark:bg-amber-900/20 dark:text-amber-100",
    error: "border-red-200 bg-red-50 text-red-800 dark:border-red-800/50 dark:bg-red-900/20 dark:text-red-200",
    ok: "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-800/50 dark:bg-emerald-900/20 dark:text-emerald-100",
  };
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-lg border px-3 py-2 text-sm ${tones[tone]}`}>
      {title && <p className="font-medium">{title}</p>}
      {children}
    </div>
  );
}
