import { z } from "zod";
import { DomainError } from "../errors.ts";
import { parseCsv } from "../csv/parse-csv.ts";
import { createSessionBody, createSessionFailure } from "./session.ts";
import { fieldErrorsOf } from "./issues.ts";
import { uuidSchema } from "./uuid.ts";

export const BULK_MAX_ROWS = 10_000;
/** 10,000 rows of six columns stay well under 2 MB; 5 MB leaves room for long vendorData. */
export const BULK_MAX_BYTES = 5 * 1024 * 1024;

export const bulkColumns = ["firstName", "lastName", "vendorData", "endUserId", "email", "language"] as const;
export type BulkColumn = (typeof bulkColumns)[number];

// Header spellings people export from spreadsheets and CRMs, compared without case, spaces, _ and -.
const headerAliases: Record<BulkColumn, string[]> = {
  firstName: ["firstname", "first", "givenname", "forename"],
  lastName: ["lastname", "last", "surname", "familyname"],
  vendorData: ["vendordata", "reference", "ref"],
  endUserId: ["enduserid", "userid", "customerid"],
  email: ["email", "emailaddress", "mail"],
  language: ["language", "lang", "locale"],
};
const squash = (h: string) => h.toLowerCase().replace(/[\s_\-.]/g, "");

export function columnOf(header: string): BulkColumn | undefined {
  const h = squash(header);
  return bulkColumns.find((c) => headerAliases[c].includes(h));
}

export interface BulkRowError {
  /** The CSV column the error concerns (or "row"). */
  field: string;
  message: string;
}

export interface CheckedBulkRow {
  rowNumber: number;
  /** The POST /v1/sessions body, when the row is valid. */
  body: { verification: Record<string, unknown> } | null;
  email: string | null;
  person: string;
  vendorData: string | null;
  errors: BulkRowError[];
}

const cell = z.string().trim().optional().transform((s) => s || undefined);

/** What the portal asks of a row before the API's own schema: both names, a readable e-mail address. */
const bulkRow = z.object({
  firstName: z.string().trim().min(1, "First name is required.").max(255),
  lastName: z.string().trim().min(1, "Last name is required.").max(255),
  vendorData: cell,
  endUserId: cell,
  email: cell.pipe(z.email("Not an e-mail address.").optional()),
  language: cell,
});

/** The CSV column an API field is in (person.firstName → firstName, lang → language). */
const apiFieldColumn: Record<string, BulkColumn> = { "person.firstName": "firstName", "person.lastName": "lastName", "person.email": "email", lang: "language", vendorData: "vendorData", endUserId: "endUserId" };

/** One row: the portal's checks, then the body through createSessionBody, so its error is the API's own. */
export function checkBulkRow(rowNumber: number, values: Partial<Record<BulkColumn, string>>): CheckedBulkRow {
  const person = [values.firstName, values.lastName].map((s) => s?.trim()).filter(Boolean).join(" ");
  const vendorData = values.vendorData?.trim() || null;
  const r = bulkRow.safeParse(values);
  if (!r.success) {
    return { rowNumber, body: null, email: null, person, vendorData, errors: Object.entries(fieldErrorsOf(r.error)).map(([field, message]) => ({ field, message })) };
  }
  const v = r.data;
  const body = {
    verification: {
      person: { firstName: v.firstName, lastName: v.lastName, ...(v.email && { email: v.email }) },
      ...(v.vendorData !== undefined && { vendorData: v.vendorData }),
      ...(v.endUserId !== undefined && { endUserId: v.endUserId }),
      ...(v.language !== undefined && { lang: v.language }),
    },
  };
  const api = createSessionBody.safeParse(body);
  if (!api.success) {
    const e = createSessionFailure(api.error);
    return { rowNumber, body: null, email: null, person, vendorData, errors: [{ field: apiFieldColumn[e.field ?? ""] ?? e.field ?? "row", message: e.message }] };
  }
  return { rowNumber, body, email: v.email ?? null, person, vendorData, errors: [] };
}

/** A whole upload: header row, then up to BULK_MAX_ROWS rows, each checked. Throws for a file that cannot be read at all. */
export function checkBulkCsv(text: string): CheckedBulkRow[] {
  const records = parseCsv(text);
  if (records.length === 0) throw new DomainError("invalid_input", "The file is empty: expected a header row and one row per person.", "file");
  const header = records[0].cells.map(columnOf);
  const missing = (["firstName", "lastName"] as const).filter((c) => !header.includes(c));
  if (missing.length) {
    throw new DomainError("invalid_input", `The header row has no ${missing.join(" or ")} column: expected ${bulkColumns.join(",")}.`, "file");
  }
  const rows = records.slice(1);
  if (rows.length === 0) throw new DomainError("invalid_input", "The file has a header row but no rows.", "file");
  if (rows.length > BULK_MAX_ROWS) throw new DomainError("invalid_input", `The file has ${rows.length} rows; at most ${BULK_MAX_ROWS} at a time.`, "file");
  return rows.map((rec, i) => {
    const values: Partial<Record<BulkColumn, string>> = {};
    header.forEach((col, j) => {
      if (col && rec.cells[j] !== undefined) values[col] = rec.cells[j];
    });
    const checked = checkBulkRow(i + 1, values);
    if (rec.cells.length > header.length) checked.errors.push({ field: "row", message: `Line ${rec.line} has ${rec.cells.length} cells; the header has ${header.length}.` });
    if (checked.errors.length) checked.body = null;
    return checked;
  });
}

/** The upload form: the integration, whether to e-mail the links, the file. */
export const bulkUploadInput = z.object({
  integrationId: uuidSchema("Choose an integration."),
  sendEmail: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
  file: z
    .instanceof(File, { message: "Choose a CSV file." })
    .refine((f) => f.size > 0, "The file is empty: expected a header row and one row per person.")
    .refine((f) => f.size <= BULK_MAX_BYTES, `The file is larger than ${BULK_MAX_BYTES / 1024 / 1024} MB.`),
});
export type BulkUploadInput = z.output<typeof bulkUploadInput>;

/** Starting a batch: whether to e-mail the links after all (unticked on the preview). */
export const bulkStartInput = z.object({ batchId: uuidSchema("Unknown batch."), sendEmail: z.boolean().optional() });
