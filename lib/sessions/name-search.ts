/**
 * A name as the search column holds it and as a query is matched: lower-cased, accents removed
 * (NFD, combining marks dropped), every run of other characters one space. "José Ramírez-Díaz"
 * becomes "jose ramirez diaz".
 */
export function normalizeName(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * person_name: the normalized first and last names ("first last"), null without a name. The
 * inserts store name_search as " " || person_name, so every part of the name starts after a space.
 */
export function personNameOf(person: { firstName?: unknown; lastName?: unknown } | null | undefined): string | null {
  return normalizeName([person?.firstName, person?.lastName].filter((x) => typeof x === "string").join(" ")) || null;
}

/**
 * The LIKE pattern for a name query: each word is the start of a part of the name, in order
 * ("smi" finds "Anna Smith", "ann smi" too, and "anna maria smith"). Null when the query has no letters.
 * pg_trgm's GIN index serves it (trigrams of " smi"); the wildcards are escaped out of the words.
 */
export function nameSearchPattern(q: string): string | null {
  const words = normalizeName(q).split(" ").filter(Boolean);
  return words.length ? `%${words.map((w) => ` ${w}`).join("%")}%` : null;
}
