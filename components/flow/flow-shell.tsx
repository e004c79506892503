import type { CSSProperties, ReactNode } from "react";
import { accentVariables, type FlowBrand } from "@/lib/flow/branding";
import { dictionary } from "@/lib/flow/i18n";

/**
 * The hosted flow's frame: a centred card, full-bleed on phones, in the integration's colours and
 * with its logo. `dir` follows the language; the layout uses logical properties only.
 */
export function FlowShell({ title, children, actions, lang, brand }: { title: string; children: ReactNode; actions?: ReactNode; lang: string; brand?: FlowBrand | null }) {
  const t = dictionary(lang);
  // https only (lib/validation/branding.ts refuses anything else; checked again here): the
  // person's browser loads it, the server never fetches it, and no referrer goes with it.
  const logo = brand?.logoUrl?.startsWith("https://") ? brand.logoUrl : null;
  return (
    <main
      lang={lang}
      dir={t.dir}
      style={accentVariables(brand?.accentColor ?? null) as CSSProperties}
      className="flex min-h-dvh flex-col bg-slate-50 sm:items-center sm:justify-center sm:px-4 sm:py-8 dark:bg-slate-950"
    >
      <div className="flex w-full flex-1 flex-col bg-white sm:max-w-lg sm:flex-none sm:rounded-2xl sm:border sm:border-slate-200 sm:shadow-sm dark:bg-slate-900 sm:dark:border-slate-800">
        <header className="flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-3 dark:border-slate-800">
          <div className="flex min-w-0 items-center gap-2 font-semibold">
            {logo ? (
              // eslint-disable-next-line @next/next/no-img-element -- an integration's own logo on its own host: next/image would proxy (fetch) it
              <img src={logo} alt={t.logoAlt(brand!.name)} referrerPolicy="no-referrer" className="h-8 w-auto max-w-32 shrink-0 object-contain" data-testid="brand-logo" />
            ) : (
              <span aria-hidden className="inline-flex size-8 shrink-0 items-center justify-center rounded-md bg-brand-600 text-sm font-bold text-white">
                {brand ? brand.name.trim().charAt(0).toUpperCase() || "✓" : "✓"}
              </span>
            )}
            <div className="min-w-0">
              {brand && <p className="truncate text-xs font-medium text-slate-600 dark:text-slate-400" data-testid="brand-name">{brand.name}</p>}
              <h1 className="text-base leading-tight">{title}</h1>
            </div>
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
    info: "border-brand-100 bg-brand-50 text-slate-800 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100",
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

/** A finished screen: a large sign, a title and what happens next, with the support address when there is one. */
export function FinalScreen({ tone, title, children, supportEmail, lang }: { tone: "ok" | "info" | "error"; title: string; children?: ReactNode; supportEmail?: string | null; lang: string }) {
  const t = dictionary(lang);
  const sign = { ok: "✓", info: "i", error: "!" }[tone];
  const colours = {
    ok: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-200",
    info: "bg-brand-100 text-brand-700 dark:bg-slate-800 dark:text-slate-100",
    error: "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-200",
  }[tone];
  return (
    <section role={tone === "error" ? "alert" : "status"} className="flex flex-col items-center gap-3 py-6 text-center" aria-labelledby="final-title">
      <span aria-hidden className={`inline-flex size-16 items-center justify-center rounded-full text-3xl font-bold ${colours}`}>
        {sign}
      </span>
      <h2 id="final-title" className="text-xl font-semibold">
        {title}
      </h2>
      <div className="max-w-sm space-y-2 text-slate-700 dark:text-slate-300">{children}</div>
      {supportEmail && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <a className="text-brand-600 underline dark:text-brand-500" href={`mailto:${supportEmail}`}>
            {t.support(supportEmail)}
          </a>
        </p>
      )}
    </section>
  );
}
