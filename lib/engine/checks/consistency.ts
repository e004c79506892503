import type { CheckResult, DocumentReading } from "../types.ts";
import { check } from "./check.ts";
import { compareName, mrzText, type NameMatch } from "./names.ts";
import { isoDay } from "./document-validity.ts";

/** The person as given at creation (`person` in POST /v1/sessions). */
export interface GivenPerson {
  firstName?: string | null;
  lastName?: string | null;
  dateOfBirth?: string | null;
  idNumber?: string | null;
}

/** Whether the MRZ's name field is full, i.e. the issuer may have truncated the name (ICAO 9303 §4.6). */
export function mrzNameFieldFull(doc: DocumentReading): boolean {
  if (doc.source !== "mrz") return false;
  const [l1, , l3] = doc.raw;
  const field = doc.format === "TD1" ? l3?.slice(0, 30) : doc.format === "TD2" ? l1?.slice(5, 36) : l1?.slice(5, 44);
  return Boolean(field) && !field!.endsWith("<");
}


/**
 * The name given against the name read, tolerant of case, accents, ICAO transliteration and MRZ
 * truncation. A clear difference declines (104); a one-letter difference (an OCR slip) is for a person.
 * Only run when a name was given.
 */
export function checkName(given: GivenPerson, doc: DocumentReading | null): CheckResult | null {
  if (!given.firstName && !given.lastName) return null;
  const t = performance.now();
  const givenName = [given.firstName, given.lastName].filter(Boolean).join(" ");
  if (!doc || (!doc.firstName && !doc.lastName)) return check("consistency.name", "inconclusive", "Name not read from the document.", { startedAt: t, evidence: { given: givenName } });
  const full = mrzNameFieldFull(doc);
  const parts: { part: string; given: string; read: string; match: NameMatch }[] = [];
  if (given.lastName) parts.push({ part: "lastName", given: given.lastName, read: doc.lastName ?? "", match: compareName(given.lastName, doc.lastName ?? "", { fieldFull: false }) });
  // Truncation cuts the end of the field: the given names, which come last.
  if (given.firstName) parts.push({ part: "firstName", given: given.firstName, read: doc.firstName ?? "", match: compareName(given.firstName, doc.firstName ?? "", { fieldFull: full }) });
  const read = `${mrzText(doc.firstName ?? "")} ${mrzText(doc.lastName ?? "")}`.trim();
  const evidence = { given: givenName, read, parts, mrzNameFieldFull: full };
  const worst = parts.find((p) => p.match === "different") ?? parts.find((p) => p.match === "close");
  if (!worst) return check("consistency.name", "pass", `Name matches the document (${read}).`, { startedAt: t, score: 1, evidence });
  if (worst.match === "close") return check("consistency.name", "inconclusive", `Name nearly matches: "${worst.given}" given, "${mrzText(worst.read)}" read.`, { startedAt: t, score: 0.5, evidence });
  return check("consistency.name", "fail", `Name differs: "${givenName}" given, "${read}" on the document.`, { startedAt: t, score: 0, reasonCode: 104, evidence });
}

/** Date of birth given against the one read; a difference is for a person to look at. */
export function checkDateOfBirth(given: GivenPerson, doc: DocumentReading | null): CheckResult | null {
  if (!given.dateOfBirth) return null;
  const t = performance.now();
  if (!doc?.dateOfBirth) return check("consistency.date_of_birth", "inconclusive", "Date of birth not read from the document.", { startedAt: t, evidence: { given: given.dateOfBirth } });
  const evidence = { given: given.dateOfBirth, read: doc.dateOfBirth };
  if (doc.dateOfBirth === given.dateOfBirth) return check("consistency.date_of_birth", "pass", `Date of birth matches (${doc.dateOfBirth}).`, { startedAt: t, evidence });
  return check("consistency.date_of_birth", "fail", `Date of birth differs: ${given.dateOfBirth} given, ${doc.dateOfBirth} on the document.`, { startedAt: t, evidence });
}

const alnum = (s: string | null | undefined) => (s ?? "").toUpperCase().replace(/[^A-Z0-9]/g, "");

/** The national id number given against the personal number read (or the document number). */
export function checkIdNumber(given: GivenPerson, doc: DocumentReading | null): CheckResult | null {
  if (!given.idNumber) return null;
  const t = performance.now();
  const g = alnum(given.idNumber);
  const candidates = [doc?.personalNumber, doc?.documentNumber].map(alnum).filter(Boolean);
  const evidence = { given: given.idNumber, personalNumber: doc?.personalNumber ?? null, documentNumber: doc?.documentNumber ?? null };
  if (candidates.length === 0) return check("consistency.id_number", "inconclusive", "No personal or document number read.", { startedAt: t, evidence });
  if (candidates.includes(g)) return check("consistency.id_number", "pass", "ID number matches the document.", { startedAt: t, evidence });
  if (!doc?.personalNumber) return check("consistency.id_number", "inconclusive", "The document shows no personal number to compare the ID number with.", { startedAt: t, evidence });
  return check("consistency.id_number", "fail", `ID number differs: ${given.idNumber} given, ${doc.personalNumber} on the document.`, { startedAt: t, evidence });
}

/** The document number given at creation (`document.number`) against the one read. */
export function checkDocumentNumber(requestedNumber: string | null | undefined, doc: DocumentReading | null): CheckResult | null {
  if (!requestedNumber) return null;
  const t = performance.now();
  const evidence = { given: requestedNumber, read: doc?.documentNumber ?? null };
  if (!doc?.documentNumber) return check("consistency.document_number", "inconclusive", "Document number not read.", { startedAt: t, evidence });
  if (alnum(requestedNumber) === alnum(doc.documentNumber)) return check("consistency.document_number", "pass", "Document number matches.", { startedAt: t, evidence });
  return check("consistency.document_number", "fail", `Document number differs: ${requestedNumber} given, ${doc.documentNumber} read.`, { startedAt: t, evidence });
}

/** Whole years between a birth date (YYYY-MM-DD) and today. */
export function ageOn(dateOfBirth: string, now: Date): number {
  const today = isoDay(now);
  const years = Number(today.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return today.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

/** The integration's minimum age against the date of birth read off the document. */
export function checkMinimumAge(minAge: number | null, doc: DocumentReading | null, now: Date): CheckResult | null {
  if (minAge == null) return null;
  const t = performance.now();
  if (!doc?.dateOfBirth) return check("age.minimum", "inconclusive", `Date of birth not read: minimum age ${minAge} not checked.`, { startedAt: t, reasonCode: 627, evidence: { minAge } });
  const age = ageOn(doc.dateOfBirth, now);
  const evidence = { minAge, age, dateOfBirth: doc.dateOfBirth };
  if (age >= minAge) return check("age.minimum", "pass", `Age ${age}, minimum ${minAge}.`, { startedAt: t, evidence });
  return check("age.minimum", "fail", `Age ${age}, below the minimum of ${minAge}.`, { startedAt: t, evidence });
}
