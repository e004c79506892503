import { pool } from "../db/index.ts";
import { DomainError } from "../errors.ts";
import { isUuid } from "../validation/uuid.ts";
import type { BulkRowError } from "../validation/bulk-upload.ts";

/** How many of a batch's problem rows the page lists (the result CSV has them all). */
const LISTED_PROBLEMS = 500;

export interface BatchView {
  id: string;
  integrationId: string;
  integrationName: string;
  fileName: string;
  state: "draft" | "queued" | "done" | "cancelled";
  sendEmail: boolean;
  rows: number;
  counts: { invalid: number; pending: number; created: number; failed: number };
  emails: number;
  rateLimited: number;
  /** Set while the batch waits (rate cap, API down): until when, and why. */
  waitingUntil: string | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** Invalid rows (the preview's errors) and failed rows, first ones. */
  problems: { rowNumber: number; person: string | null; state: "invalid" | "failed"; errors: BulkRowError[] }[];
}

/** A batch's progress and problem rows, for the page (polled) and the CLI. */
export async function getBatch(batchId: string): Promise<BatchView> {
  if (!isUuid(batchId)) throw new DomainError("not_found", "This batch does not exist.", { httpStatus: 404 });
  const { rows } = await pool().query<{
    id: string; integration_id: string; integration_name: string; file_name: string; state: BatchView["state"]; send_email: boolean; row_count: number;
    rate_limited: number; next_attempt_at: Date; last_error: string | null; created_at: Date; finished_at: Date | null; counts: Record<string, number> | null; emails: number;
  }>(
    `SELECT b.*, i.name AS integration_name,
            (SELECT jsonb_object_agg(state, n) FROM (SELECT state::text, count(*)::int AS n FROM bulk_rows WHERE batch_id = b.id GROUP BY state) c) AS counts,
            (SELECT count(*)::int FROM email_deliveries e JOIN bulk_rows r ON r.session_id = e.session_id WHERE r.batch_id = b.id AND e.kind = 'link') AS emails
       FROM bulk_batches b JOIN integrations i ON i.id = b.integration_id WHERE b.id = $1`,
    [batchId],
  );
  const b = rows[0];
  if (!b) throw new DomainError("not_found", "This batch does not exist.", { httpStatus: 404 });
  const { rows: problems } = await pool().query<{ row_number: number; person: string | null; state: "invalid" | "failed"; errors: BulkRowError[] | null; error: string | null }>(
    `SELECT row_number, person, state::text AS state, errors, error FROM bulk_rows WHERE batch_id = $1 AND state IN ('invalid', 'failed') ORDER BY row_number LIMIT $2`,
    [batchId, LISTED_PROBLEMS],
  );
  const c = b.counts ?? {};
  const waiting = b.state === "queued" && b.next_attempt_at.getTime() > Date.now();
  return {
    id: b.id,
    integrationId: b.integration_id,
    integrationName: b.integration_name,
    fileName: b.file_name,
    state: b.state,
    sendEmail: b.send_email,
    rows: b.row_count,
    counts: { invalid: c.invalid ?? 0, pending: c.pending ?? 0, created: c.created ?? 0, failed: c.failed ?? 0 },
    emails: b.emails,
    rateLimited: b.rate_limited,
    waitingUntil: waiting ? b.next_attempt_at.toISOString() : null,
    lastError: b.last_error,
    createdAt: b.created_at.toISOString(),
    finishedAt: b.finished_at?.toISOString() ?? null,
    problems: problems.map((p) => ({ rowNumber: p.row_number, person: p.person, state: p.state, errors: p.errors ?? [{ field: "row", message: p.error ?? "Failed." }] })),
  };
}
