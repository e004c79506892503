import { z } from "zod";

/** Languages with a shipped template; any other falls back to English. */
export const emailLanguages = ["en", "et", "de"] as const;
export type EmailLanguage = (typeof emailLanguages)[number];

export interface EmailTemplate {
  subject: string;
  text: string;
}

/** Placeholders a template may use; anything else in braces is left as written. */
export const placeholders = ["link", "name", "integration", "expires"] as const;

export const defaultTemplates: Record<EmailLanguage, EmailTemplate> = {
  en: {
    subject: "{integration}: please verify your identity",
    text: "Hello {name},\n\n{integration} asks you to verify your identity. It takes a few minutes: you will need an identity document and your phone's or computer's camera.\n\nStart here: {link}\n\nThe link works until {expires}.\n",
  },
  et: {
    subject: "{integration}: palun tuvasta oma isik",
    text: "Tere, {name}!\n\n{integration} palub sul oma isik tuvastada. See võtab mõne minuti: vajad isikut tõendavat dokumenti ja telefoni või arvuti kaamerat.\n\nAlusta siit: {link}\n\nLink kehtib kuni {expires}.\n",
  },
  de: {
    subject: "{integration}: Bitte bestätigen Sie Ihre Identität",
    text: "Hallo {name},\n\n{integration} bittet Sie, Ihre Identität zu bestätigen. Das dauert nur wenige Minuten: Sie brauchen ein Ausweisdokument und die Kamera Ihres Telefons oder Computers.\n\nHier starten: {link}\n\nDer Link gilt bis {expires}.\n",
  },
};

const reminderPrefix: Record<EmailLanguage, string> = { en: "Reminder: ", et: "Meeldetuletus: ", de: "Erinnerung: " };

const template = z.object({ subject: z.string().trim().min(1).max(200), text: z.string().trim().min(1).max(5000) });
/** An integration's stored overrides (email_templates): per language, subject and text. */
export const storedTemplates = z.partialRecord(z.enum(emailLanguages), template).catch({});
export type StoredTemplates = z.output<typeof storedTemplates>;

export function emailLanguageOf(lang: string | null | undefined): EmailLanguage {
  const two = (lang ?? "").slice(0, 2).toLowerCase();
  return (emailLanguages as readonly string[]).includes(two) ? (two as EmailLanguage) : "en";
}

/** The integration's template for a language, the shipped default where it has none. */
export function templateFor(stored: unknown, lang: EmailLanguage): EmailTemplate {
  return storedTemplates.parse(stored ?? {})[lang] ?? defaultTemplates[lang];
}

export function renderTemplate(t: EmailTemplate, vars: Record<(typeof placeholders)[number], string>): EmailTemplate {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? vars[k as keyof typeof vars] : m));
  // A subject is one line: a name with a line break must not add a header.
  return { subject: fill(t.subject).replace(/[\r\n]+/g, " "), text: fill(t.text) };
}

/** The message for one session: its language's template, filled in; a reminder's subject says so. */
export function composeEmail(
  stored: unknown,
  kind: "link" | "reminder",
  s: { lang: string | null; name: string; integration: string; link: string; expiresAt: Date },
): EmailTemplate {
  const lang = emailLanguageOf(s.lang);
  const expires = `${new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(s.expiresAt)} UTC`;
  const out = renderTemplate(templateFor(stored, lang), { link: s.link, name: s.name, integration: s.integration, expires });
  return kind === "reminder" ? { ...out, subject: reminderPrefix[lang] + out.subject } : out;
}

/** The settings form's e-mail fields (email.<lang>.subject / .text, emailReminderDays), filled from the stored values or the defaults. */
export function emailFormValues(stored: unknown, reminderDays: number | null): Record<string, string> {
  const out: Record<string, string> = { emailReminderDays: reminderDays?.toString() ?? "" };
  for (const lang of emailLanguages) {
    const t = templateFor(stored, lang);
    out[`email.${lang}.subject`] = t.subject;
    out[`email.${lang}.text`] = t.text;
  }
  return out;
}

/** The form's templates for updateIntegration: only the languages that differ from the shipped default (blank: the default). */
export function emailTemplatesFromForm(values: Record<string, string>): Partial<Record<EmailLanguage, EmailTemplate>> {
  const out: Partial<Record<EmailLanguage, EmailTemplate>> = {};
  for (const lang of emailLanguages) {
    const subject = values[`email.${lang}.subject`]?.trim() ?? "";
    const text = (values[`email.${lang}.text`] ?? "").replace(/\r\n/g, "\n").trim();
    const d = defaultTemplates[lang];
    if ((!subject && !text) || (subject === d.subject && text === d.text.trim())) continue;
    out[lang] = { subject, text };
  }
  return out;
}
