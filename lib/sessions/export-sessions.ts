import { z } from "zod";
import { pool } from "../db/index.ts";
import { sessionStatuses, statusCode } from "./codes.ts";
import { keysetCsvStream } from "../csv/keyset-stream.ts";

// TODO(lead): unify with lib/sessions/list-params.ts (same names: status[], decision, integration, from, to, q).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const decisionNames = ["approved", "declined", "resubmission_requested", "expired", "review"] as const;

const dateBound = z
  .string()
  .trim()
  .refine((s) => !Number.isNaN(Date.parse(s)))
  .optional()
  .catch(undefined);

export const exportParams = z.object({
  status: z.array(z.enum(sessionStatuses)).catch([]),
  decision: z
    .union([z.enum(decisionNames).transform((n) => statusCode[n]!), z.coerce.number().int().refine((n) => [9001, 9102, 9103, 9104, 9121].includes(n))])
    .optional()
    .catch(undefined),
  integration: z.string().regex(UUID).optional().catch(undefined),
  from: dateBound,
  to: dateBound,
  q: z.string().trim().max(200).optional().catch(undefined),
});
export type ExportParams = z.infer<typeof exportParams>;

/** Reads the list's filter from a URL's query; a bad value falls back to "no filter" for that field. */
export function parseExportParams(sp: URLSearchParams): ExportParams {
  const one = (k: string) => sp.get(k) || undefined;
  return exportParams.parse({
    status: sp.getAll("status").filter((s) => (sessionStatuses as readonly string[]).includes(s)),
    decision: one("decision"),
    integration: one("integration"),
    from: one("from"),
    to: one("to"),
    q: one("q"),
  });
}

/** A date-only upper bound includes that whole day. */
function upperBound(to: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) : new Date(to);
}

export function sessionsWhere(p: ExportParams, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (p.status.length) where.push(`s.status = ANY(${add(p.status)}::"SessionStatus"[])`);
  if (p.decision !== undefined) where.push(`s.decision_code = ${add(p.decision)}`);
  if (p.integration) where.push(`s.integration_id = ${add(p.integration)}::uuid`);
  if (p.from) where.push(`s.created_at >= ${add(new Date(p.from))}`);
  if (p.to) where.push(`s.created_at < ${add(upperBound(p.to))}`);
  if (p.q) {
    // Exact matches on indexed columns only: no leading-wildcard scans over millions of rows.
    if (UUID.test(p.q)) {
      const v = add(p.q.toLowerCase());
      where.push(`(s.id = ${v}::uuid OR s.end_user_id = ${v}::uuid)`);
    } else {
      where.push(`(s.vendor_data = ${add(p.q)} OR s.person_name = ${add(p.q.toLowerCase())})`);
    }
  }
  return where;
}

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

/** "All verifications" as CSV for a filter, in the list's order, read 1000 rows at a time. */
export function exportSessionsCsv(p: ExportParams, opts: { batchSize?: number; onBatch?: (n: number) => void } = {}) {
  return keysetCsvStream<ExportRow, { createdAt: Date; id: string }>({
    header: sessionsCsvHeader,
    batchSize: opts.batchSize,
    onBatch: opts.onBatch,
    async fetch(after, limit) {
      const params: unknown[] = [];
      const where = sessionsWhere(p, params);
      if (after) {
        params.push(after.createdAt, after.id);
        where.push(`(s.created_at, s.id) < ($${params.length - 1}, $${params.length}::uuid)`);
      }
      params.push(limit);
      const { rows } = await pool().query<ExportRow>(
        `SELECT s.id, s.created_at, s.integration_id, i.name AS integration_name, s.status, s.decision_code, s.reason_code,
                s.vendor_data, s.end_user_id, s.person_name, s.source, s.attempt_count, s.submitted_at, s.decided_at, s.expires_at
         FROM verification_sessions s JOIN integrations i ON i.id = s.integration_id
         ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
         ORDER BY s.created_at DESC, s.id DESC LIMIT $${params.length}`,
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
