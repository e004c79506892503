import { pool } from "../db/index.ts";
import { decisionStatuses, reasonText, sessionStatuses, statusCode, type SessionStatus } from "./codes.ts";
import { PAGE_SIZE, STATUS_COUNT_CAP, decisionFilterCode, decodeCursor, encodeCursor, type DecisionFilter, type ListParams } from "./list-params.ts";
import { isUuid } from "../validation/uuid.ts";
import { nameSearchPattern } from "./name-search.ts";

export interface SessionListRow {
  id: string;
  integrationId: string;
  integrationName: string;
  environment: "test" | "live";
  status: SessionStatus;
  firstName: string | null;
  lastName: string | null;
  vendorData: string | null;
  endUserId: string | null;
  decisionCode: number | null;
  reasonCode: number | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  assignedTo: { id: string; name: string } | null;
}

export interface SessionListPage {
  rows: SessionListRow[];
  nextCursor: string | null;
}

export { STATUS_COUNT_CAP };

interface Query {
  text: string;
  values: unknown[];
}

class Params {
  values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const dayStart = (d: string) => `${d}T00:00:00.000Z`;
const nextDayStart = (d: string) => new Date(Date.parse(dayStart(d)) + 86_400_000).toISOString();

/** Predicates shared by every branch: integration, created range (UTC days), assignee, free text. */
function commonWhere(p: ListParams, ps: Params, viewerId?: string): string[] {
  const where: string[] = [];
  if (p.integration) where.push(`integration_id = ${ps.add(p.integration)}::uuid`);
  if (p.from) where.push(`created_at >= ${ps.add(dayStart(p.from))}::timestamptz`);
  if (p.to) where.push(`created_at < ${ps.add(nextDayStart(p.to))}::timestamptz`);
  // "Assigned to me" without a viewer (the CSV export of a signed-out script) matches nothing rather than everything.
  if (p.assigned === "me") where.push(viewerId ? `assigned_to_id = ${ps.add(viewerId)}::uuid` : "false");
  if (p.q) {
    if (isUuid(p.q)) {
      // A full UUID is a session id or an endUserId; vendorData may hold one too.
      const q = ps.add(p.q.toLowerCase());
      where.push(`(id = ${q}::uuid OR end_user_id = ${q}::uuid OR vendor_data = ${ps.add(p.q)})`);
    } else {
      // vendorData exactly (its btree) or any part of the name by its start, accents and case
      // aside (pg_trgm's GIN index on name_search): a bitmap OR of the two indexes.
      const pattern = nameSearchPattern(p.q);
      where.push(pattern ? `(vendor_data = ${ps.add(p.q)} OR name_search LIKE ${ps.add(pattern)})` : `vendor_data = ${ps.add(p.q)}`);
    }
  }
  return where;
}

/**
 * The decision code a decided status always carries; null for statuses whose decision_code is
 * whatever an earlier attempt left (created, started, submitted).
 */
function impliedCode(status: SessionStatus): number | null {
  return (decisionStatuses as readonly string[]).includes(status) ? (statusCode[status] ?? null) : null;
}

function decisionPredicate(decisions: DecisionFilter[], ps: Params): string | null {
  if (!decisions.length) return null;
  const codes = decisions.map((d) => decisionFilterCode[d]).filter((c): c is number => c !== null);
  const parts: string[] = [];
  if (codes.length) parts.push(`decision_code = ANY(${ps.add(codes)}::int[])`);
  if (decisions.includes("none")) parts.push(`decision_code IS NULL`);
  return `(${parts.join(" OR ")})`;
}

/**
 * The whole filter as one predicate (no cursor, no per-value branches), for readers that walk
 * every matching row in order, such as the CSV export: the same rows the list shows.
 */
export function filterWhere(p: ListParams, viewerId?: string): { where: string[]; values: unknown[] } {
  const ps = new Params();
  const where = commonWhere(p, ps, viewerId);
  if (p.status.length) where.push(`status = ANY(${ps.add(p.status)}::"SessionStatus"[])`);
  const decision = decisionPredicate(p.decision, ps);
  if (decision) where.push(decision);
  return { where, values: ps.values };
}

/**
 * Builds the page query. Multi-valued status or decision filters become one index-ordered
 * branch per value (each reads at most a page off its (status|decision_code, created_at, id)
 * index) merged by UNION ALL: an IN list over one index would make PostgreSQL fetch and sort
 * every matching row instead.
 */
export function buildListQuery(p: ListParams, limit = PAGE_SIZE, viewerId?: string): Query {
  const ps = new Params();
  const desc = p.sort !== "asc";
  const dir = desc ? "DESC" : "ASC";
  const orderOf = (prefix = "") => `${prefix}created_at ${dir}, ${prefix}id ${dir}`;
  const order = orderOf();
  const common = commonWhere(p, ps, viewerId);
  const cursor = p.cursor ? decodeCursor(p.cursor) : null;
  if (cursor) common.push(`(created_at, id) ${desc ? "<" : ">"} (${ps.add(cursor.createdAt)}::timestamptz, ${ps.add(cursor.id)}::uuid)`);

  const branches: string[][] = [];
  if (p.status.length) {
    const decisionCodes = new Set(p.decision.map((d) => decisionFilterCode[d]));
    // Added to the parameters only when a branch uses it: an unused parameter has no type.
    let decision: string | null | undefined;
    for (const s of p.status) {
      const implied = impliedCode(s);
      // A decided status fixes its code: skip branches that cannot match the decision filter.
      if (p.decision.length && implied !== null && !decisionCodes.has(implied)) continue;
      const w = [`status = ${ps.add(s)}::"SessionStatus"`];
      if (p.decision.length && implied === null) {
        decision ??= decisionPredicate(p.decision, ps);
        if (decision) w.push(decision);
      }
      branches.push(w);
    }
  } else if (p.decision.length) {
    for (const d of p.decision) {
      const code = decisionFilterCode[d];
      branches.push([code === null ? `decision_code IS NULL` : `decision_code = ${ps.add(code)}::int`]);
    }
  } else branches.push([]);

  const cols = `id, integration_id, status, person->>'firstName' AS first_name, person->>'lastName' AS last_name,
                vendor_data, end_user_id, decision_code, reason_code, created_at, updated_at, expires_at, assigned_to_id`;
  const lim = ps.add(limit + 1);
  const branchSql = branches.map((w) => {
    const all = [...w, ...common];
    return `SELECT ${cols} FROM verification_sessions ${all.length ? `WHERE ${all.join(" AND ")}` : ""} ORDER BY ${order} LIMIT ${lim}`;
  });
  if (branchSql.length === 0) return { text: `SELECT NULL WHERE false`, values: [] };
  const inner = branchSql.length === 1 ? branchSql[0] : branchSql.map((b) => `(${b})`).join(" UNION ALL ");
  const text = `WITH page AS (${branchSql.length > 1 ? `SELECT * FROM (${inner}) u ORDER BY ${order} LIMIT ${lim}` : inner})
    SELECT page.*, i.name AS integration_name, i.environment, u.name AS assigned_to_name
      FROM page JOIN integrations i ON i.id = page.integration_id LEFT JOIN users u ON u.id = page.assigned_to_id
     ORDER BY ${orderOf("page.")}`;
  return { text, values: ps.values };
}

interface DbRow {
  id: string;
  integration_id: string;
  integration_name: string;
  environment: "test" | "live";
  status: SessionStatus;
  first_name: string | null;
  last_name: string | null;
  vendor_data: string | null;
  end_user_id: string | null;
  decision_code: number | null;
  reason_code: number | null;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
  assigned_to_id: string | null;
  assigned_to_name: string | null;
}

/** One page of sessions for the back office list: every filter server-side, keyset pagination on (created_at, id). */
export async function listSessions(p: ListParams, limit = PAGE_SIZE, viewerId?: string): Promise<SessionListPage> {
  const q = buildListQuery(p, limit, viewerId);
  const { rows } = await pool().query<DbRow>(q.text, q.values);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => ({
      id: r.id,
      integrationId: r.integration_id,
      integrationName: r.integration_name,
      environment: r.environment,
      status: r.status,
      firstName: r.first_name,
      lastName: r.last_name,
      vendorData: r.vendor_data,
      endUserId: r.end_user_id,
      decisionCode: r.decision_code,
      reasonCode: r.reason_code,
      reason: reasonText(r.reason_code),
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
      expiresAt: new Date(r.expires_at).toISOString(),
      assignedTo: r.assigned_to_id ? { id: r.assigned_to_id, name: r.assigned_to_name ?? "" } : null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: new Date(last.created_at).toISOString(), id: last.id }) : null,
  };
}

export type StatusCounts = Record<SessionStatus, { count: number; capped: boolean }>;

/**
 * Sessions per status within the integration and created-range filters, each counted off the
 * (integration_id?, status, created_at, id) index and capped at STATUS_COUNT_CAP: at most nine
 * short index-only scans per request, never an exact COUNT(*) over the table.
 */
export async function countSessionsByStatus(p: Pick<ListParams, "integration" | "from" | "to">): Promise<StatusCounts> {
  const ps = new Params();
  const statuses = ps.add([...sessionStatuses]);
  const where = [`v.status = st::"SessionStatus"`];
  if (p.integration) where.push(`v.integration_id = ${ps.add(p.integration)}::uuid`);
  if (p.from) where.push(`v.created_at >= ${ps.add(dayStart(p.from))}::timestamptz`);
  if (p.to) where.push(`v.created_at < ${ps.add(nextDayStart(p.to))}::timestamptz`);
  const cap = ps.add(STATUS_COUNT_CAP + 1);
  const { rows } = await pool().query<{ status: SessionStatus; n: number }>(
    `SELECT st AS status, (SELECT count(*) FROM (SELECT 1 FROM verification_sessions v WHERE ${where.join(" AND ")} LIMIT ${cap}) x)::int AS n
       FROM unnest(${statuses}::text[]) st`,
    ps.values,
  );
  const out = {} as StatusCounts;
  for (const s of sessionStatuses) out[s] = { count: 0, capped: false };
  for (const r of rows) out[r.status] = { count: Math.min(r.n, STATUS_COUNT_CAP), capped: r.n > STATUS_COUNT_CAP };
  return out;
}

/** Integrations for the filter and the create form. */
export async function listIntegrationChoices(): Promise<{ id: string; name: string; environment: "test" | "live"; active: boolean }[]> {
  const { rows } = await pool().query(`SELECT id, name, environment, active FROM integrations ORDER BY name, id`);
  return rows;
}
