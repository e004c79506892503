import { pool } from "../db/index.ts";
import { auditWhere, type AuditFilter } from "./audit-filter.ts";
import { keysetCsvStream } from "../csv/keyset-stream.ts";

export interface AuditRow {
  id: string;
  created_at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
}

export const AUDIT_PAGE_SIZE = 50;

async function fetchAudit(f: AuditFilter, afterId: string | null, limit: number): Promise<AuditRow[]> {
  const params: unknown[] = [];
  const where = auditWhere(f, params);
  // Newest first by id: ids only grow, so the id alone is a stable keyset cursor.
  if (afterId) where.push(`id < $${params.push(afterId)}::bigint`);
  params.push(limit);
  const { rows } = await pool().query<AuditRow>(
    `SELECT id, created_at, actor_id, actor_label, action, target_type, target_id, ip, before, after FROM audit_logs
     ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/** One page of the audit log and the cursor of the next page (null at the end). */
export async function listAudit(f: AuditFilter, pageSize = AUDIT_PAGE_SIZE) {
  const rows = await fetchAudit(f, f.cursor ?? null, pageSize + 1);
  const more = rows.length > pageSize;
  const page = more ? rows.slice(0, pageSize) : rows;
  return { rows: page, nextCursor: more ? page[page.length - 1].id : null };
}

export async function auditActions(): Promise<string[]> {
  // A skip scan over the (action, created_at) index: one probe per distinct action, not a full scan.
  const { rows } = await pool().query<{ action: string }>(
    `WITH RECURSIVE a AS (
       (SELECT action FROM audit_logs ORDER BY action LIMIT 1)
       UNION ALL
       SELECT (SELECT action FROM audit_logs WHERE action > a.action ORDER BY action LIMIT 1) FROM a WHERE a.action IS NOT NULL
     ) SELECT action FROM a WHERE action IS NOT NULL`,
  );
  return rows.map((r) => r.action);
}

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

export function exportAuditCsv(f: AuditFilter, opts: { batchSize?: number } = {}) {
  return keysetCsvStream<AuditRow, string>({
    header: ["id", "created_at", "actor_id", "actor", "action", "target_type", "target_id", "ip", "before", "after"],
    batchSize: opts.batchSize,
    fetch: (after, limit) => fetchAudit({ ...f, cursor: undefined }, after, limit),
    keyOf: (r) => r.id,
    cells: (r) => [r.id, r.created_at, r.actor_id, r.actor_label, r.action, r.target_type, r.target_id, r.ip, json(r.before), json(r.after)],
  });
}
