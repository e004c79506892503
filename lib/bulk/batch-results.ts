import { StoredZip } from "../zip/stored-zip.ts";
import { pool } from "../db/index.ts";
import { csvRow } from "../csv/csv.ts";
import { DomainError } from "../errors.ts";
import { isUuid } from "../validation/uuid.ts";
import type { BulkRowError } from "../validation/bulk-upload.ts";
import { qrPng } from "./qr-png.ts";

interface ResultRow {
  row_number: number;
  person: string | null;
  email: string | null;
  vendor_data: string | null;
  state: string;
  session_id: string | null;
  session_url: string | null;
  error: string | null;
  errors: BulkRowError[] | null;
}

async function resultRows(batchId: string, createdOnly: boolean): Promise<ResultRow[]> {
  if (!isUuid(batchId)) throw new DomainError("not_found", "This batch does not exist.", { httpStatus: 404 });
  const { rows: b } = await pool().query(`SELECT 1 FROM bulk_batches WHERE id = $1`, [batchId]);
  if (!b[0]) throw new DomainError("not_found", "This batch does not exist.", { httpStatus: 404 });
  const { rows } = await pool().query<ResultRow>(
    `SELECT row_number, person, email, vendor_data, state::text AS state, session_id, session_url, error, errors
       FROM bulk_rows WHERE batch_id = $1 ${createdOnly ? "AND state = 'created'" : ""} ORDER BY row_number`,
    [batchId],
  );
  return rows;
}

export const RESULT_HEADER = ["row", "name", "email", "vendorData", "state", "sessionId", "url", "error"];

/** Every row of the file: its state, session id and URL, or why it was not created. */
export async function batchResultCsv(batchId: string): Promise<string> {
  const rows = await resultRows(batchId, false);
  const problem = (r: ResultRow) => r.error ?? r.errors?.map((e) => `${e.field}: ${e.message}`).join("; ") ?? null;
  return csvRow(RESULT_HEADER) + rows.map((r) => csvRow([r.row_number, r.person, r.email, r.vendor_data, r.state, r.session_id, r.session_url, problem(r)])).join("");
}

const fileSafe = (s: string | null) => (s ?? "").normalize("NFKD").replace(/[^\w-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);

/**
 * A ZIP of one QR PNG per created session (row-0001-Name.png), streamed: the PNGs are made as the
 * archive is sent. Error correction M and a 4-module quiet zone, as the portal's own QR codes.
 */
export async function batchQrZip(batchId: string): Promise<ReadableStream<Uint8Array>> {
  const rows = await resultRows(batchId, true);
  const width = String(Math.max(4, String(rows.at(-1)?.row_number ?? 0).length));
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const zip = new StoredZip({ chunk: (c) => controller.enqueue(c), close: () => controller.close(), error: (e) => controller.error(e) });
      for (const [i, r] of rows.entries()) {
        const png = qrPng(r.session_url!);
        const name = `row-${String(r.row_number).padStart(Number(width), "0")}${r.person ? `-${fileSafe(r.person)}` : ""}.png`;
        zip.add(name, new Uint8Array(png));
        // Let the response flush between codes instead of building the whole archive first.
        if (i % 50 === 49) await new Promise((res) => setImmediate(res));
      }
      zip.end();
    },
  });
}
