// Names as a machine-readable zone writes them (ICAO 9303 part 3, section 6: transliteration of
// Latin characters), so that "Jürgen Groß" given at creation matches "GROSS<<JUERGEN" read off a passport.

/** ICAO 9303's recommended transliterations; everything else loses its diacritics (É → E). */
const icao: Record<string, string> = {
  Ä: "AE", Æ: "AE", Å: "AA", Ö: "OE", Ø: "OE", Œ: "OE", Ü: "UE", ß: "SS", Þ: "TH", Ð: "D", Đ: "D", Ł: "L", Ħ: "H", Ŀ: "L", Ŋ: "N", Ĳ: "IJ", ı: "I",
};

function strip(s: string): string {
  return s.normalize("NFD").replace(/\p{M}+/gu, "");
}

function clean(s: string): string {
  // MRZ fillers and every separator (hyphen, apostrophe, comma) become one space.
  return s.replace(/[^A-Z]+/g, " ").trim().replace(/\s+/g, " ");
}

/**
 * The ways a given name may legitimately appear in an MRZ: ICAO's transliteration (Ü → UE) and
 * the plain one many issuers use (Ü → U, Ø → O).
 */
export function mrzForms(name: string): string[] {
  const upper = name.normalize("NFC").toUpperCase().replace(/ẞ/g, "ß");
  const viaIcao = clean(strip([...upper].map((c) => icao[c] ?? icao[c.toUpperCase()] ?? c).join("")));
  const plain = clean(strip(upper.replace(/ß/g, "SS").replace(/[ØŒ]/g, "O").replace(/Æ/g, "AE").replace(/Þ/g, "TH").replace(/[ÐĐ]/g, "D").replace(/Ł/g, "L")));
  return [...new Set([viaIcao, plain])];
}

/** A reading from the document, already upper-case A-Z with fillers; made comparable the same way. */
export function mrzText(read: string): string {
  return clean(strip(read.toUpperCase()).replace(/</g, " "));
}

/** Edit distance, for a one-letter OCR slip. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

export type NameMatch = "exact" | "equivalent" | "truncated" | "subset" | "close" | "different";

/**
 * Compares a given name part with the one read. `truncated` is allowed only when the MRZ name
 * field was full (the issuer had to cut it); `subset`: the given names are some of the document's,
 * in order (e.g. "Anna" for "ANNA MARIA"); `close`: one letter off in eight (an OCR slip, never a
 * match on its own).
 */
export function compareName(given: string, read: string, opts: { fieldFull?: boolean } = {}): NameMatch {
  const r = mrzText(read);
  const forms = mrzForms(given);
  if (forms.length === 0 || !r) return "different";
  if (clean(given.toUpperCase()) === r) return "exact";
  if (forms.includes(r)) return "equivalent";
  const squash = (s: string) => s.replace(/ /g, "");
  if (forms.some((f) => squash(f) === squash(r))) return "equivalent";
  if (opts.fieldFull && r.length >= 2 && forms.some((f) => f.startsWith(r) || squash(f).startsWith(squash(r)))) return "truncated";
  const rTokens = r.split(" ");
  if (forms.some((f) => isOrderedSubset(f.split(" "), rTokens))) return "subset";
  const allowed = Math.max(1, Math.floor(r.length / 8));
  if (forms.some((f) => levenshtein(squash(f), squash(r)) <= allowed)) return "close";
  return "different";
}

function isOrderedSubset(small: string[], big: string[]): boolean {
  if (small.length === 0 || small.length >= big.length) return false;
  let j = 0;
  for (const t of big) if (t === small[j]) j++;
  return j === small.length;
}
