import { Field, inputClass } from "@/components/ui/field";
import { emailLanguages, placeholders } from "@/lib/email/templates";

const languageNames: Record<(typeof emailLanguages)[number], string> = { en: "English", et: "Estonian", de: "German" };

/**
 * The integration's e-mail settings: the reminder and a template per language (the end user's
 * language picks it; any other language gets English). Part of the settings form.
 */
export function EmailFieldset({ values, errors, configured }: { values: Record<string, string | undefined>; errors: Record<string, string>; configured: boolean }) {
  const err = (lang: string, part: "subject" | "text") => errors[`emailTemplates.${lang}.${part}`];
  return (
    <fieldset className="space-y-4 rounded-md border border-slate-200 p-4 dark:border-slate-800">
      <legend className="px-1 text-sm font-semibold">E-mail</legend>
      {!configured && (
        <p className="text-sm text-amber-800 dark:text-amber-200">E-mail is not configured on this server (SMTP_URL): these settings apply once it is.</p>
      )}
      <Field
        label="Reminder (days before expiry)"
        name="emailReminderDays"
        inputMode="numeric"
        defaultValue={values.emailReminderDays}
        error={errors.emailReminderDays}
        hint="People who were e-mailed their link and have not submitted get one reminder this many days before it expires. Empty: no reminder."
      />
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Placeholders: {placeholders.map((p) => `{${p}}`).join(", ")}. The text must contain {"{link}"}.
      </p>
      {emailLanguages.map((lang) => (
        <details key={lang} className="rounded-md border border-slate-200 p-3 dark:border-slate-800" open={!!(err(lang, "subject") || err(lang, "text"))}>
          <summary className="cursor-pointer text-sm font-medium">{languageNames[lang]} template</summary>
          <div className="mt-3 space-y-3">
            <Field label="Subject" name={`email.${lang}.subject`} defaultValue={values[`email.${lang}.subject`]} error={err(lang, "subject")} />
            <div className="space-y-1">
              <label htmlFor={`f-email-${lang}-text`} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
                Text
              </label>
              <textarea
                id={`f-email-${lang}-text`}
                name={`email.${lang}.text`}
                rows={8}
                defaultValue={values[`email.${lang}.text`]}
                aria-invalid={err(lang, "text") ? true : undefined}
                aria-describedby={err(lang, "text") ? `f-email-${lang}-text-error` : undefined}
                className={`${inputClass} font-mono text-xs`}
              />
              {err(lang, "text") && (
                <p id={`f-email-${lang}-text-error`} className="text-sm text-red-600 dark:text-red-400">
                  {err(lang, "text")}
                </p>
              )}
            </div>
          </div>
        </details>
      ))}
    </fieldset>
  );
}
