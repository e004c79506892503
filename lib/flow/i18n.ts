// The hosted flow's words: one JSON file per language in ./i18n (translators edit those). Every
// language has every key of en.json (lib/flow/i18n.test.ts fails otherwise); English stays the
// fallback at run time only as a safety net. {placeholders} are filled by the functions below.
import enWords from "./i18n/en.json";
import etWords from "./i18n/et.json";
import deWords from "./i18n/de.json";
import frWords from "./i18n/fr.json";
import esWords from "./i18n/es.json";

type Words = typeof enWords;

/** The shipped translations, as JSON (the completeness test reads these). */
export const translations: Record<string, Partial<Words>> = { en: enWords, et: etWords, de: deWords, fr: frWords, es: esWords };

// Written right to left: the flow sets dir="rtl" for these, and its CSS uses logical properties
// (ms-/me-/ps-/pe-, start/end), so a translation into one of them needs no layout change.
const rightToLeft = new Set(["ar", "he", "fa", "ur", "ps", "yi"]);
export const directionOf = (lang: string): "ltr" | "rtl" => (rightToLeft.has(lang.split(/[-_]/)[0].toLowerCase()) ? "rtl" : "ltr");

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (m, k: string) => String(values[k] ?? m));

function build(lang: string, words: Partial<Words>) {
  const w: Words = { ...enWords, ...words };
  // Looked up by a session's status, a decision, an error code or a reason code: any string.
  const status: Record<string, string> = w.status;
  const decisions: Record<string, string> = w.decisions;
  const errors: Record<string, string> = w.errors;
  const reasons: Record<string, string> = w.reasons;
  return {
    ...w,
    lang,
    dir: directionOf(lang),
    status,
    decisions,
    step: (n: number, of: number) => fill(w.step, { n, of }),
    decided: (decision: string) => fill(w.decided, { decision }),
    asks: (name: string) => fill(w.asks, { name }),
    why: (name: string) => fill(w.why, { name }),
    consent: (name: string) => fill(w.consent, { name }),
    privacyLink: (name: string) => fill(w.privacyLink, { name }),
    thanksLead: (name: string) => fill(w.thanksLead, { name }),
    support: (email: string) => fill(w.support, { email }),
    logoAlt: (name: string) => fill(w.logoAlt, { name }),
    /** A flow route's error code as a sentence in this language (the server's message is English). */
    error: (code: string | undefined, fallback: string) =>
      code === "status_changed" || code === "illegal_transition" ? errors.closed : (code && errors[code]) || fallback,
    /** A resubmission reason in this language, or null for a code the person is not shown. */
    reasonFor: (code: number | null) => (code == null ? null : (reasons[String(code)] ?? null)),
  };
}

export type Dictionary = ReturnType<typeof build>;

export const dictionaries: Record<string, Dictionary> = Object.fromEntries(Object.entries(translations).map(([lang, words]) => [lang, build(lang, words)]));
export const languages = Object.keys(dictionaries);
const en = dictionaries.en;

/** The first supported language among the candidates (e.g. ?lang=, then the session's lang). */
export function pickLanguage(...candidates: (string | null | undefined)[]): string {
  for (const c of candidates) {
    const base = c?.toLowerCase().split(/[-_]/)[0];
    if (base && base in dictionaries) return base;
  }
  return "en";
}

export function dictionary(lang: string): Dictionary {
  return dictionaries[lang] ?? en;
}
