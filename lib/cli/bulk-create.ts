import fs from "node:fs";
import path from "node:path";
import { pool } from "../db/index.ts";
import { DomainError } from "../errors.ts";
import { cliActor } from "../audit/record.ts";
import { createBatch, startBatch } from "../bulk/create-batch.ts";
import { getBatch, type BatchView } from "../bulk/get-batch.ts";
import { claimBatch, runClaimedBatch } from "../bulk/run-batches.ts";
import { BULK_MAX_BYTES } from "../validation/bulk-upload.ts";

function bar(v: BatchView): string {
  const todo = v.rows - v.counts.invalid;
  const done = v.counts.created + v.counts.failed;
  const width = 30;
  const full = todo ? Math.round((done / todo) * width) : width;
  const wait = v.waitingUntil ? `, waiting for the rate cap until ${v.waitingUntil.slice(11, 19)} UTC` : "";
  return `[${"#".repeat(full)}${"-".repeat(width - full)}] ${done}/${todo} (${v.counts.created} created, ${v.counts.failed} failed${wait})`;
}

/**
 * `sessions create --csv FILE`: the portal's bulk upload from the command line. The batch is the
 * same database job; this process works it itself (with the server's worker, if it takes it first,
 * only watching), through the running server's /v1 API, so the rate cap applies as for the portal.
 */
export async function runBulkCreate(o: { file: string; integrationId: string; json: boolean; email: boolean }): Promise<number> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(o.file);
  } catch {
    throw new DomainError("usage", `--csv: cannot read ${o.file}.`);
  }
  if (stat.size > BULK_MAX_BYTES) throw new DomainError("usage", `--csv: the file is larger than ${BULK_MAX_BYTES / 1024 / 1024} MB.`);
  const { batchId } = await createBatch({ integrationId: o.integrationId, fileName: path.basename(o.file), text: fs.readFileSync(o.file, "utf8"), sendEmail: o.email }, cliActor);
  let view = await getBatch(batchId);
  for (const p of view.problems) console.error(`row ${p.rowNumber}: ${p.errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`);
  if (view.counts.pending === 0) throw new DomainError("nothing_to_create", "Every row of the file has an error: nothing was created.");
  await startBatch(batchId, cliActor);
  const tty = process.stderr.isTTY && !o.json;
  const draw = async () => {
    view = await getBatch(batchId);
    if (tty) process.stderr.write(`\r${bar(view)}\x1b[K`);
  };
  for (;;) {
    const claimed = await claimBatch(batchId);
    if (claimed) await runClaimedBatch(claimed, { onChunk: () => void draw() });
    await draw();
    if (view.state === "done") break;
    if (view.lastError?.startsWith("The session API could not be reached")) {
      if (tty) process.stderr.write("\n");
      throw new DomainError("unreachable", `${view.lastError} Is the server running? Batch ${batchId} stays queued: the server's worker finishes it once it runs.`);
    }
    await new Promise((r) => setTimeout(r, claimed ? 100 : 500));
  }
  if (tty) process.stderr.write("\n");
  const { rows } = await pool().query<{ row_number: number; session_id: string; session_url: string; vendor_data: string | null; email: string | null }>(
    `SELECT row_number, session_id, session_url, vendor_data, email FROM bulk_rows WHERE batch_id = $1 AND state = 'created' ORDER BY row_number`,
    [batchId],
  );
  if (o.json) for (const r of rows) console.log(JSON.stringify({ row: r.row_number, id: r.session_id, url: r.session_url, vendorData: r.vendor_data, email: r.email }));
  const failed = view.problems.filter((p) => p.state === "failed");
  for (const p of failed) console.error(`row ${p.rowNumber} failed: ${p.errors.map((e) => e.message).join("; ")}`);
  const summary = `Batch ${batchId}: ${view.counts.created} created, ${view.counts.failed} failed, ${view.counts.invalid} invalid${view.sendEmail ? `, ${view.emails} e-mail(s) queued` : ""}.`;
  if (o.json) console.error(summary);
  else console.log(summary);
  return view.counts.failed || view.counts.invalid ? 1 : 0;
}
