// The hosted flow's words: one JSON file per language in ./i18n (translators edit those), English
// the fallback for every word a language does not have. {placeholders} are filled by the functions below.
import enWords from "./i18n/en.json";
import etWords from "./i18n/et.json";
import deWords from "./i18n/de.json";

type Words = typeof enWords;

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (m, k: string) => String(values[k] ?? m));

function build(words: Partial<Words>) {
  const w: Words = { ...enWords, ...words };
  // Looked up by a session's status or a decision, which may be any string.
  const status: Record<string, string> = w.status;
  const decisions: Record<string, string> = w.decisions;
  return {
    ...w,
    status,
    decisions,
    step: (n: number, of: number) => fill(w.step, { n, of }),
    decided: (decision: string) => fill(w.decided, { decision }),
  };
}

export type Dictionary = ReturnType<typeof build>;

const en = build({});
export const dictionaries: Record<string, Dictionary> = { en, et: build(etWords), de: build(deWords) };
export const languages = Object.keys(dictionaries);

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
