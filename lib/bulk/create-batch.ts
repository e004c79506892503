import { pool, withTransaction } from "../db/index.ts";
import { DomainError } from "../errors.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { config } from "../config.ts";
import { checkBulkCsv } from "../validation/bulk-upload.ts";
import { wakeBulkWorkers } from "./run-batches.ts";

/**
 * An upload: every row checked with the create schema and stored as a draft batch, so the preview
 * (and its errors) is there before anything is created; nothing is sent until startBatch. Audited.
 */
export async function createBatch(
  input: { integrationId: string; fileName: string; text: string; sendEmail: boolean },
  actor: Actor,
): Promise<{ batchId: string }> {
  const rows = checkBulkCsv(input.text);
  const { rows: found } = await pool().query<{ id: string }>(`SELECT id FROM integrations WHERE id = $1`, [input.integrationId]);
  if (!found[0]) throw new DomainError("not_found", "This integration does not exist.", "integrationId");
  const sendEmail = input.sendEmail && config().smtp !== null && rows.some((r) => r.email);
  return withTransaction(async (c) => {
    const { rows: b } = await c.query<{ id: string }>(
      `INSERT INTO bulk_batches (integration_id, created_by_id, created_by, file_name, send_email, row_count) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.integrationId, actor.id ?? null, actor.label, input.fileName.slice(0, 255), sendEmail, rows.length],
    );
    const batchId = b[0].id;
    // One statement for up to 10,000 rows.
    await c.query(
      `INSERT INTO bulk_rows (batch_id, row_number, body, email, person, vendor_data, state, errors)
       SELECT $1, x.row_number, x.body, x.email, x.person, x.vendor_data, x.state::"BulkRowState", x.errors
         FROM jsonb_to_recordset($2::jsonb) AS x(row_number int, body jsonb, email text, person text, vendor_data text, state text, errors jsonb)`,
      [
        batchId,
        JSON.stringify(
          rows.map((r) => ({ row_number: r.rowNumber, body: r.body, email: r.email, person: r.person, vendor_data: r.vendorData, state: r.errors.length ? "invalid" : "pending", errors: r.errors.length ? r.errors : null })),
        ),
      ],
    );
    const invalid = rows.filter((r) => r.errors.length).length;
    await recordAudit(c, actor, "bulk.upload", { type: "bulk_batch", id: batchId }, { after: { integrationId: input.integrationId, fileName: input.fileName, rows: rows.length, invalid, sendEmail } });
    return { batchId };
  });
}

/** Queues a draft batch's valid rows for creation; the invalid ones are never sent. Audited. */
export async function startBatch(batchId: string, actor: Actor, opts: { sendEmail?: boolean } = {}): Promise<void> {
  await withTransaction(async (c) => {
    const { rows } = await c.query<{ state: string; integration_id: string; pending: number }>(
      `SELECT b.state, b.integration_id, (SELECT count(*)::int FROM bulk_rows r WHERE r.batch_id = b.id AND r.state = 'pending') AS pending
         FROM bulk_batches b WHERE b.id = $1 FOR UPDATE`,
      [batchId],
    );
    const b = rows[0];
    if (!b) throw new DomainError("not_found", "This batch does not exist.", { httpStatus: 404 });
    if (b.state !== "draft") throw new DomainError("already_started", "This batch has already been started.", { httpStatus: 409 });
    if (b.pending === 0) throw new DomainError("nothing_to_create", "Every row of this file has an error: correct the file and upload it again.", { httpStatus: 422 });
    await c.query(
      `UPDATE bulk_batches SET state = 'queued', started_at = now(), next_attempt_at = now(), send_email = send_email AND COALESCE($2, true) WHERE id = $1`,
      [batchId, opts.sendEmail ?? null],
    );
    await recordAudit(c, actor, "bulk.start", { type: "bulk_batch", id: batchId }, { after: { integrationId: b.integration_id, rows: b.pending } });
  });
  wakeBulkWorkers();
}
