import { z } from "zod";
import { pool } from "../db/index.ts";
import { isUuid, UUID_PATTERN } from "../validation/uuid.ts";
import { dateBound, dateRangeWhere } from "../validation/date-range.ts";

export const deliveryFilter = z.object({
  state: z.enum(["pending", "delivered", "failed", "cancelled"]).optional().catch(undefined),
  integration: z.string().regex(UUID_PATTERN).optional().catch(undefined),
  session: z.string().trim().regex(UUID_PATTERN).optional().catch(undefined),
  from: dateBound,
  to: dateBound,
  cursor: z.string().refine((s) => /^\d+\.\d+_/.test(s) && isUuid(s.slice(s.indexOf("_") + 1))).optional().catch(undefined),
});
export type DeliveryFilter = z.infer<typeof deliveryFilter>;

export function parseDeliveryFilter(sp: Record<string, string | string[] | undefined>): DeliveryFilter {
  const get = (k: string) => {
    const v = sp[k];
    const s = Array.isArray(v) ? v[0] : v;
    return s === "" ? undefined : s;
  };
  return deliveryFilter.parse({ state: get("state"), integration: get("integration"), session: get("session"), from: get("from"), to: get("to"), cursor: get("cursor") });
}

export interface DeliveryRow {
  id: string;
  integration_id: string;
  integration_name: string;
  session_id: string | null;
  kind: string;
  url: string;
  state: string;
  attempt_count: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
  cursor_ts: string;
}

export const DELIVERY_PAGE_SIZE = 50;

export async function listDeliveries(f: DeliveryFilter, pageSize = DELIVERY_PAGE_SIZE) {
  const params: unknown[] = [];
  const add = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (f.state) where.push(`d.state = ${add(f.state)}::"DeliveryState"`);
  if (f.integration) where.push(`d.integration_id = ${add(f.integration)}::uuid`);
  if (f.session) where.push(`d.session_id = ${add(f.session.toLowerCase())}::uuid`);
  where.push(...dateRangeWhere("d.created_at", f, add));
  if (f.cursor) {
    // The cursor carries created_at as epoch seconds (ms precision) and the id.
    const [ts, id] = f.cursor.split("_");
    where.push(`(d.created_at, d.id) < (to_timestamp(${add(ts)}::double precision), ${add(id)}::uuid)`);
  }
  params.push(pageSize + 1);
  const { rows } = await pool().query<DeliveryRow>(
    `SELECT d.id, d.integration_id, i.name AS integration_name, d.session_id, d.kind, d.url, d.state, d.attempt_count, d.next_attempt_at,
            d.last_status_code, d.last_error, d.delivered_at, d.created_at, extract(epoch FROM d.created_at)::numeric(20,3)::text AS cursor_ts
     FROM webhook_deliveries d JOIN integrations i ON i.id = d.integration_id
     ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY d.created_at DESC, d.id DESC LIMIT $${params.length}`,
    params,
  );
  const more = rows.length > pageSize;
  const page = more ? rows.slice(0, pageSize) : rows;
  const last = page[page.length - 1];
  return { rows: page, nextCursor: more && last ? `${last.cursor_ts}_${last.id}` : null };
}

export async function getDelivery(id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await pool().query<DeliveryRow & { body: string }>(
    `SELECT d.*, i.name AS integration_name, '' AS cursor_ts FROM webhook_deliveries d JOIN integrations i ON i.id = d.integration_id WHERE d.id = $1`,
    [id],
  );
  if (!rows[0]) return null;
  const attempts = await pool().query<{ id: string; started_at: Date; duration_ms: number; status_code: number | null; response_excerpt: string | null; error: string | null; request_headers: Record<string, string> }>(
    `SELECT id, started_at, duration_ms, status_code, response_excerpt, error, request_headers FROM webhook_attempts WHERE delivery_id = $1 ORDER BY started_at DESC, id DESC`,
    [id],
  );
  return { ...rows[0], attempts: attempts.rows };
}
