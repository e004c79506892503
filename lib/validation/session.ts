import { z } from "zod";
import { isAllowedCallbackUrl } from "./common.ts";
import { isUuid } from "./uuid.ts";
import { DomainError } from "../errors.ts";
import { issueField, issueVeriffCode, veriffIssue } from "./issues.ts";

// POST /v1/sessions body (shared/veriff-api.md §1.3): one schema, its issues carrying Veriff's
// codes. Unknown fields are ignored (Veriff's backwards-compatibility rule).

export const documentTypes = ["PASSPORT", "ID_CARD", "RESIDENCE_PERMIT", "DRIVERS_LICENSE"] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
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
const isSet = (v: unknown) => v !== undefined && v !== null;
const invalid = (what: string) => `Request includes invalid parameters: ${what}`;

/** A string field whose checks each carry their Veriff code; `checks` run in order, the first failure wins. */
const checkedString = (checks: [code: string, message: string, ok: (s: string) => boolean][]) =>
  z
    .string()
    .nullish()
    .superRefine((s, ctx) => {
      if (!s) return;
      const failed = checks.find(([, , ok]) => !ok(s));
      if (failed) veriffIssue(ctx, failed[0], failed[1]);
    });

const person = z
  .object({
    firstName: optStr(),
    lastName: optStr(),
    idNumber: optStr(),
    gender: checkedString([["1104", invalid("person.gender must be M or F."), (g) => g === "M" || g === "F"]]),
    dateOfBirth: checkedString([["1203", "Invalid date format: dateOfBirth must be YYYY-MM-DD.", validDate]]),
    nationality: optStr(10),
    email: optStr(),
    phoneNumber: optStr(64),
    maritalStatus: optStr(32),
    isDeceased: z.boolean().nullish(),
    placeOfBirth: optStr(),
  })
  .nullish();

const document = z
  .object({
    number: checkedString([
      ["2102", "Document number may only contain A-Z and 0-9.", (n) => /^[a-zA-Z0-9]+$/.test(n)],
      ["2101", "Document number must be 6 to 9 characters.", (n) => n.length >= 6 && n.length <= 9],
    ]),
    type: z
      .string()
      .nullish()
      .superRefine((t, ctx) => {
        if (t && !(documentTypes as readonly string[]).includes(t)) veriffIssue(ctx, "2103", `Document type "${t}" is not supported.`);
      }),
    country: z
      .string()
      .nullish()
      .superRefine((c, ctx) => {
        if (c && !isCountryCode(c)) veriffIssue(ctx, "2104", `Document country "${c}" is not supported.`);
      }),
    idCardType: optStr(16),
    firstIssue: checkedString([["1203", "Invalid date format: document.firstIssue must be YYYY-MM-DD.", validDate]]),
  })
  .nullish();

/** A field of any JSON type, checked by `check` (absent is fine): for fields whose type error has its own code. */
const anyValue = (check: (v: unknown, ctx: z.RefinementCtx) => void) => z.unknown().superRefine(check).optional();

const verification = z.object({
  vendorData: anyValue((v, ctx) => {
    if (!isSet(v)) return;
    if (typeof v !== "string") veriffIssue(ctx, "1501", "vendorData must be a string.");
    else if (v.length > 1000) veriffIssue(ctx, "1500", "vendorData is longer than 1000 characters.");
  }),
  timestamp: anyValue((t, ctx) => {
    if (!isSet(t)) return;
    const ms = typeof t === "string" ? Date.parse(t) : NaN;
    if (typeof t !== "string" || Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(t)) {
      veriffIssue(ctx, "1202", "Timestamp must be formatted to ISO 8601, e.g. 2026-01-01T12:00:00.000Z.");
    } else if (Date.now() - ms > 60 * 60 * 1000) veriffIssue(ctx, "1201", "Timestamp is older than one hour.");
  }),
  features: anyValue((f, ctx) => {
    if (isSet(f) && (!Array.isArray(f) || f.some((x) => x !== "selfid"))) veriffIssue(ctx, "1301", "Requested features are not supported.");
  }),
  callback: anyValue((c, ctx) => {
    if (!isSet(c)) return;
    if (typeof c !== "string") veriffIssue(ctx, "1104", invalid("callback must be a string."));
    else if (!isAllowedCallbackUrl(c)) veriffIssue(ctx, "1302", "Only HTTPS return URLs are allowed.");
  }),
  endUserId: anyValue((u, ctx) => {
    if (isSet(u) && !isUuid(u)) veriffIssue(ctx, "1104", invalid("endUserId must be a UUID."));
  }),
  person,
  document,
  address: z.object({ fullAddress: optStr(1000) }).nullish(),
  consents: z.array(z.object({ type: z.string().max(100), approved: z.boolean() })).max(50).nullish(),
  lang: z
    .string()
    .nullish()
    .superRefine((l, ctx) => {
      if (isSet(l) && !/^[a-z]{2}(-[A-Za-z]{2})?$/.test(l)) veriffIssue(ctx, "1104", invalid("lang must be an ISO 639-1 code."));
    }),
});

const plainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const compact = <T extends object>(o: T | null | undefined) => {
  const entries = Object.entries(o ?? {}).filter(([, v]) => v !== undefined && v !== null);
  return entries.length ? Object.fromEntries(entries) : null;
};

/** The body of POST /v1/sessions, as the API stores it: the one schema for /v1, the portal and the CLI. */
export const createSessionBody = z
  .unknown()
  .superRefine((json, ctx) => {
    if (!plainObject(json) || !("verification" in json)) veriffIssue(ctx, "1102", "Mandatory parameters are missing from the request: verification.");
    else if (!plainObject(json.verification)) veriffIssue(ctx, "1104", invalid("verification must be an object."));
  })
  .pipe(z.object({ verification }))
  .transform(({ verification: v }) => ({
    callback: typeof v.callback === "string" ? v.callback : null,
    person: compact(v.person),
    document: compact(v.document),
    address: v.address?.fullAddress ? { fullAddress: v.address.fullAddress } : null,
    vendorData: typeof v.vendorData === "string" ? v.vendorData : null,
    endUserId: typeof v.endUserId === "string" ? v.endUserId.toLowerCase() : null,
    consents: v.consents ?? null,
    lang: v.lang ?? null,
  }));
export type CreateSessionData = z.output<typeof createSessionBody>;

// Veriff reports the fields with codes of their own first, in this order, then a malformed field
// (1104), then the format of gender and lang (1104).
const reportedFirst = ["vendorData", "timestamp", "features", "callback", "endUserId", "person.dateOfBirth", "document.number", "document.type", "document.country", "document.firstIssue"];
const rank = (issue: z.core.$ZodIssue) => {
  if (issue.path.length === 0) return -1;
  const coded = issueVeriffCode(issue) !== undefined;
  const i = reportedFirst.indexOf(fieldOf(issue));
  return coded && i >= 0 ? i : coded ? 2000 : 1000;
};
const fieldOf = (issue: z.core.$ZodIssue) => issueField(issue).replace(/^verification\.?/, "") || "verification";

/** The failure Veriff would report for a body: one issue, with its code (1104 for a malformed field). */
export function createSessionFailure(e: z.ZodError): DomainError {
  const issue = [...e.issues].sort((a, b) => rank(a) - rank(b))[0];
  const field = fieldOf(issue);
  const veriffCode = issueVeriffCode(issue);
  return new DomainError("invalid_input", veriffCode ? issue.message : invalid(`${field}: ${issue.message}`), { field, veriffCode: veriffCode ?? "1104" });
}

/** Parses a JSON body; throws the one DomainError with Veriff's code and the field it concerns. */
export function parseCreateSession(json: unknown): CreateSessionData {
  const r = createSessionBody.safeParse(json);
  if (!r.success) throw createSessionFailure(r.error);
  return r.data;
}
