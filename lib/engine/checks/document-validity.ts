import type { CheckResult, DocumentReading } from "../types.ts";
import type { EngineSettings } from "../settings.ts";
import { check } from "./check.ts";

/** "YYYY-MM-DD" of a date in UTC. */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Expiry against today (an injectable clock): expired → 207; no expiry read → inconclusive. */
export function checkExpiry(doc: DocumentReading | null, now: Date): CheckResult {
  const t = performance.now();
  const today = isoDay(now);
  if (!doc) return check("document_validity.expiry", "inconclusive", "No document data read: expiry unknown.", { startedAt: t, reasonCode: 629 });
  if (!doc.expiryDate) return check("document_validity.expiry", "inconclusive", "Expiry date not read.", { startedAt: t, reasonCode: 629, evidence: { today } });
  if (doc.expiryDate < today) {
    return check("document_validity.expiry", "fail", `Document expired on ${doc.expiryDate}.`, { startedAt: t, reasonCode: 207, evidence: { expiryDate: doc.expiryDate, today } });
  }
  return check("document_validity.expiry", "pass", `Valid until ${doc.expiryDate}.`, { startedAt: t, evidence: { expiryDate: doc.expiryDate, today } });
}

/** What the session asked for at creation (`document` in POST /v1/sessions), Veriff's field names. */
export interface RequestedDocument {
  type?: string | null;
  country?: string | null;
  number?: string | null;
}

/**
 * The document type and issuing country against what the session asked for and what the
 * integration accepts; a document of another kind gets a resubmission (206: type not supported).
 */
export function checkDocumentAccepted(doc: DocumentReading | null, requested: RequestedDocument | null, settings: EngineSettings): CheckResult {
  const t = performance.now();
  if (!doc) return check("document_validity.accepted", "inconclusive", "No document data read: type and country unknown.", { startedAt: t });
  const type = doc.documentType;
  const country = doc.issuingCountryAlpha2;
  const evidence = { type, country, issuingCountry: doc.issuingCountry, requested: requested ?? null, acceptedTypes: settings.acceptedDocumentTypes, acceptedCountries: settings.acceptedCountries };
  const problems: string[] = [];
  const reqType = requested?.type?.toUpperCase();
  const reqCountry = requested?.country?.toUpperCase();
  const unknown: string[] = [];
  if (reqType || settings.acceptedDocumentTypes.length) {
    if (!type) unknown.push("type");
    else {
      if (reqType && reqType !== type) problems.push(`a ${label(type)} was shown, the session asked for a ${label(reqType)}`);
      if (settings.acceptedDocumentTypes.length && !settings.acceptedDocumentTypes.includes(type as never)) problems.push(`${label(type)} is not accepted by this integration`);
    }
  }
  if (reqCountry || settings.acceptedCountries.length) {
    if (!country) unknown.push("country");
    else {
      if (reqCountry && reqCountry !== country) problems.push(`issued by ${country}, the session asked for ${reqCountry}`);
      if (settings.acceptedCountries.length && !settings.acceptedCountries.includes(country)) problems.push(`documents from ${country} are not accepted by this integration`);
    }
  }
  if (problems.length) return check("document_validity.accepted", "fail", `Document not accepted: ${problems.join("; ")}.`, { startedAt: t, reasonCode: 206, evidence });
  if (unknown.length) return check("document_validity.accepted", "inconclusive", `Document ${unknown.join(" and ")} not read.`, { startedAt: t, evidence });
  return check("document_validity.accepted", "pass", `${label(type ?? "document")}${country ? ` issued by ${country}` : ""}, accepted.`, { startedAt: t, evidence });
}

const label = (t: string) => t.toLowerCase().replace(/_/g, " ").replace("drivers", "driver's");
