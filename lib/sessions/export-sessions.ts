import { pool } from "../db/index.ts";
import { keysetCsvStream } from "../csv/keyset-stream.ts";
import { filterWhere } from "./list-sessions.ts";
import type { ListParams } from "./list-params.ts";

interface ExportRow {
  id: string;
  created_at: Date;
  integration_id: string;
  integration_name: string;
  status: string;
  decision_code: number | null;
  reason_code: number | null;
  vendor_data: string | null;
  end_user_id: string | null;
  person_name: string | null;
  source: string;
  attempt_count: number;
  submitted_at: Date | null;
  decided_at: Date | null;
  expires_at: Date;
}

export const sessionsCsvHeader = [
  "session_id", "created_at", "integration_id", "integration", "status", "decision_code", "reason_code",
  "vendor_data", "end_user_id", "person_name", "source", "attempts", "submitted_at", "decided_at", "expires_at",
];

/** "All verifications" as CSV for the list's filter (its URL parameters), newest first, read 1000 rows at a time. */
export function exportSessionsCsv(p: ListParams, opts: { batchSize?: number; onBatch?: (n: number) => void; viewerId?: string } = {}) {
  return keysetCsvStream<ExportRow, { createdAt: Date; id: string }>({
    header: sessionsCsvHeader,
    batchSize: opts.batchSize,
    onBatch: opts.onBatch,
    async fetch(after, limit) {
      const { where, values: params } = filterWhere(p, opts.viewerId);
      if (after) {
        params.push(after.createdAt, after.id);
        where.push(`(created_at, id) < ($${params.length - 1}, $${params.length}::uuid)`);
      }
      params.push(limit);
      const { rows } = await pool().query<ExportRow>(
        `SELECT s.id, s.created_at, s.integration_id, i.name AS integration_name, s.status, s.decision_code, s.reason_code,
                s.vendor_data, s.end_user_id,
                -- person_name is lower-cased for search: the export gives the name as it was given.
                COALESCE(NULLIF(concat_ws(' ', s.person->>'firstName', s.person->>'lastName'), ''), s.person_name) AS person_name, s.source, s.attempt_count, s.submitted_at, s.decided_at, s.expires_at
         FROM (SELECT * FROM verification_sessions ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
               ORDER BY created_at DESC, id DESC LIMIT $${params.length}) s
         JOIN integrations i ON i.id = s.integration_id
         ORDER BY s.created_at DESC, s.id DESC`,
        params,
      );
      return rows;
    },
    keyOf: (r) => ({ createdAt: r.created_at, id: r.id }),
    cells: (r) => [
      r.id, r.created_at, r.integration_id, r.integration_name, r.status, r.decision_code, r.reason_code,
      r.vendor_data, r.end_user_id, r.person_name, r.source, r.attempt_count, r.submitted_at, r.decided_at, r.expires_at,
    ],
  });
}
