import { describe, expect, it } from "vitest";
import { resubmissionReasons } from "../sessions/codes.ts";
import { dictionary, directionOf, languages, pickLanguage, translations } from "./i18n.ts";

/** Every leaf of a word file as "path" → text ("introSteps.0", "status.approved"). */
function leaves(value: unknown, path = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === "string") out.set(path, value);
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) for (const [p, s] of leaves(v, path ? `${path}.${k}` : k)) out.set(p, s);
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// Texts that are rightly the same as the English one in a language (names, formats, loanwords).
const sameAsEnglish: Record<string, string[]> = {
  et: ["stepNames.face", "logoAlt"],
  de: ["stepNames.face"],
  fr: ["stepNames.face"],
  es: [],
};

const english = leaves(translations.en);

describe("the hosted flow's translations", () => {
  it("ships at least English, Estonian, German, French and Spanish", () => {
    expect(languages).toEqual(expect.arrayContaining(["en", "et", "de", "fr", "es"]));
  });

  for (const lang of languages.filter((l) => l !== "en")) {
    describe(lang, () => {
      const words = leaves(translations[lang]);
      it("has every key of en.json, and no other", () => {
        expect([...english.keys()].filter((k) => !words.has(k)), "missing").toEqual([]);
        expect([...words.keys()].filter((k) => !english.has(k)), "unknown").toEqual([]);
      });
      it("translates every text (none empty, none left in English) with the same placeholders", () => {
        const untranslated = [...english].filter(([k, en]) => words.get(k) === en && !sameAsEnglish[lang]?.includes(k)).map(([k]) => k);
        expect(untranslated, "left in English").toEqual([]);
        for (const [k, text] of words) {
          expect(text.trim(), k).not.toBe("");
          expect(placeholders(text), k).toEqual(placeholders(english.get(k) ?? ""));
        }
      });
      it("fills its placeholders", () => {
        const t = dictionary(lang);
        expect(t.asks("Acme")).toContain("Acme");
        expect(t.step(2, 5)).toMatch(/2.*5/);
        expect(t.support("help@acme.test")).toContain("help@acme.test");
      });
    });
  }

  it("has a sentence for every resubmission reason a person may be asked to fix", () => {
    expect(Object.keys(translations.en.reasons!).sort()).toEqual(Object.keys(resubmissionReasons).sort());
    expect(dictionary("et").reasonFor(614)).toBe("Dokumendi esikülg ei olnud täielikult raamis.");
    expect(dictionary("de").reasonFor(null)).toBeNull();
  });

  it("maps flow error codes to the language, falling back for unknown ones", () => {
    expect(dictionary("fr").error("media_type", "x")).toMatch(/^Ce type de fichier/);
    expect(dictionary("es").error("status_changed", "x")).toBe(dictionary("es").errors.closed);
    expect(dictionary("de").error("something_new", "fallback")).toBe("fallback");
  });

  it("picks a language and its direction", () => {
    expect(pickLanguage("fr-CA", "et")).toBe("fr");
    expect(pickLanguage("xx", null)).toBe("en");
    expect(directionOf("ar")).toBe("rtl");
    expect(directionOf("he-IL")).toBe("rtl");
    expect(directionOf("de")).toBe("ltr");
    expect(dictionary("es").dir).toBe("ltr");
  });
});
