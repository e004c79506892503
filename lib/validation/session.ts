import { z } from "zod";
import { isAllowedCallbackUrl } from "./common.ts";

// POST /v1/sessions body (shared/veriff-api.md §1.3). Unknown fields are ignored (Veriff's
// backwards-compatibility rule); each failure carries Veriff's error code.

export class ApiValidationError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly field?: string,
  ) {
    super(message);
    this.name = "ApiValidationError";
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const documentTypes = ["PASSPORT", "ID_CARD", "RESIDENCE_PERMIT", "DRIVERS_LICENSE"] as const;

function validDate(s: string) {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// ISO 3166-1 alpha-2, as Intl knows them.
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
export function isCountryCode(c: string) {
  return /^[A-Z]{2}$/.test(c) && regionNames.of(c) !== undefined;
}

const optStr = (max = 255) => z.string().max(max).nullish();

export const createSessionBody = z.object({
  verification: z
    .object({
      callback: z.string().nullish(),
      person: z
        .object({
          firstName: optStr(),
          lastName: optStr(),
          idNumber: optStr(),
          gender: z.string().nullish(),
          dateOfBirth: z.string().nullish(),
          nationality: optStr(10),
          email: optStr(),
          phoneNumber: optStr(64),
          maritalStatus: optStr(32),
          isDeceased: z.boolean().nullish(),
          placeOfBirth: optStr(),
        })
        .passthrough()
        .nullish(),
      document: z
        .object({
          number: z.string().nullish(),
          type: z.string().nullish(),
          country: z.string().nullish(),
          idCardType: optStr(16),
          firstIssue: z.string().nullish(),
        })
        .passthrough()
        .nullish(),
      address: z.object({ fullAddress: optStr(1000) }).passthrough().nullish(),
      vendorData: z.unknown().optional(),
      endUserId: z.unknown().optional(),
      consents: z.array(z.object({ type: z.string().max(100), approved: z.boolean() })).max(50).nullish(),
      timestamp: z.unknown().optional(),
      lang: z.string().nullish(),
      features: z.unknown().optional(),
    })
    .passthrough(),
});

export interface CreateSessionData {
  callback: string | null;
  person: Record<string, unknown> | null;
  document: Record<string, unknown> | null;
  address: { fullAddress: string } | null;
  vendorData: string | null;
  endUserId: string | null;
  consents: { type: string; approved: boolean }[] | null;
  lang: string | null;
}

const pick = <T extends object>(o: T | null | undefined, keys: (keyof T)[]) => {
  if (!o) return null;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) out[k as string] = o[k];
  return Object.keys(out).length ? out : null;
};

/** Validates a parsed JSON body; throws ApiValidationError with Veriff's code. */
export function parseCreateSession(json: unknown, now = new Date()): CreateSessionData {
  if (!json || typeof json !== "object" || Array.isArray(json) || !("verification" in json)) {
    throw new ApiValidationError("1102", "Mandatory parameters are missing from the request: verification.", "verification");
  }
  const v0 = (json as { verification: unknown }).verification;
  if (!v0 || typeof v0 !== "object" || Array.isArray(v0)) throw new ApiValidationError("1104", "Request includes invalid parameters: verification must be an object.", "verification");
  const raw = v0 as Record<string, unknown>;

  // Fields with their own codes come first, as Veriff reports them.
  if (raw.vendorData !== undefined && raw.vendorData !== null) {
    if (typeof raw.vendorData !== "string") throw new ApiValidationError("1501", "vendorData must be a string.", "vendorData");
    if (raw.vendorData.length > 1000) throw new ApiValidationError("1500", "vendorData is longer than 1000 characters.", "vendorData");
  }
  if (raw.timestamp !== undefined && raw.timestamp !== null) {
    const t = typeof raw.timestamp === "string" ? Date.parse(raw.timestamp) : NaN;
    if (typeof raw.timestamp !== "string" || Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}T/.test(raw.timestamp)) {
      throw new ApiValidationError("1202", "Timestamp must be formatted to ISO 8601, e.g. 2026-01-01T12:00:00.000Z.", "timestamp");
    }
    if (now.getTime() - t > 60 * 60 * 1000) throw new ApiValidationError("1201", "Timestamp is older than one hour.", "timestamp");
  }
  if (raw.features !== undefined && raw.features !== null) {
    if (!Array.isArray(raw.features) || raw.features.some((f) => f !== "selfid")) throw new ApiValidationError("1301", "Requested features are not supported.", "features");
  }
  if (raw.callback !== undefined && raw.callback !== null) {
    if (typeof raw.callback !== "string") throw new ApiValidationError("1104", "Request includes invalid parameters: callback must be a string.", "callback");
    if (!isAllowedCallbackUrl(raw.callback)) throw new ApiValidationError("1302", "Only HTTPS return URLs are allowed.", "callback");
  }
  if (raw.endUserId !== undefined && raw.endUserId !== null && (typeof raw.endUserId !== "string" || !UUID.test(raw.endUserId))) {
    throw new ApiValidationError("1104", "Request includes invalid parameters: endUserId must be a UUID.", "endUserId");
  }
  const person = raw.person as Record<string, unknown> | null | undefined;
  if (person && typeof person === "object" && typeof person.dateOfBirth === "string" && person.dateOfBirth !== "") {
    if (!validDate(person.dateOfBirth)) throw new ApiValidationError("1203", "Invalid date format: dateOfBirth must be YYYY-MM-DD.", "person.dateOfBirth");
  }
  const doc = raw.document as Record<string, unknown> | null | undefined;
  if (doc && typeof doc === "object") {
    if (typeof doc.number === "string" && doc.number !== "") {
      if (!/^[a-zA-Z0-9]+$/.test(doc.number)) throw new ApiValidationError("2102", "Document number may only contain A-Z and 0-9.", "document.number");
      if (doc.number.length < 6 || doc.number.length > 9) throw new ApiValidationError("2101", "Document number must be 6 to 9 characters.", "document.number");
    }
    if (typeof doc.type === "string" && doc.type !== "" && !(documentTypes as readonly string[]).includes(doc.type)) {
      throw new ApiValidationError("2103", `Document type "${doc.type}" is not supported.`, "document.type");
    }
    if (typeof doc.country === "string" && doc.country !== "" && !isCountryCode(doc.country)) {
      throw new ApiValidationError("2104", `Document country "${doc.country}" is not supported.`, "document.country");
    }
    if (typeof doc.firstIssue === "string" && doc.firstIssue !== "" && !validDate(doc.firstIssue)) {
      throw new ApiValidationError("1203", "Invalid date format: document.firstIssue must be YYYY-MM-DD.", "document.firstIssue");
    }
  }

  const parsed = createSessionBody.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.slice(1).join(".");
    throw new ApiValidationError("1104", `Request includes invalid parameters: ${path || "verification"}: ${issue.message}`, path);
  }
  const v = parsed.data.verification;
  if (v.person?.gender && !["M", "F"].includes(v.person.gender)) {
    throw new ApiValidationError("1104", "Request includes invalid parameters: person.gender must be M or F.", "person.gender");
  }
  if (v.lang != null && !/^[a-z]{2}(-[A-Za-z]{2})?$/.test(v.lang)) {
    throw new ApiValidationError("1104", "Request includes invalid parameters: lang must be an ISO 639-1 code.", "lang");
  }
  return {
    callback: v.callback ?? null,
    person: pick(v.person, ["firstName", "lastName", "idNumber", "gender", "dateOfBirth", "nationality", "email", "phoneNumber", "maritalStatus", "isDeceased", "placeOfBirth"]),
    document: pick(v.document, ["number", "type", "country", "idCardType", "firstIssue"]),
    address: v.address?.fullAddress ? { fullAddress: v.address.fullAddress } : null,
    vendorData: (raw.vendorData as string | null | undefined) ?? null,
    endUserId: (raw.endUserId as string | null | undefined)?.toLowerCase() ?? null,
    consents: v.consents ?? null,
    lang: v.lang ?? null,
  };
}
