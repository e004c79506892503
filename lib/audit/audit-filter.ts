import { z } from "zod";
import { dateBound, dateRangeWhere } from "../validation/date-range.ts";

export const auditFilter = z.object({
  actor: z.string().trim().toLowerCase().max(200).optional().catch(undefined),
  action: z.string().trim().max(100).regex(/^[a-z_.]+$/).optional().catch(undefined),
  from: dateBound,
  to: dateBound,
  cursor: z.string().regex(/^\d{1,19}$/).optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof auditFilter>;

export function parseAuditFilter(sp: URLSearchParams | Record<string, string | string[] | undefined>): AuditFilter {
  const get = (k: string) => {
    const v = sp instanceof URLSearchParams ? sp.get(k) : sp[k];
    const s = Array.isArray(v) ? v[0] : v;
    return s === null || s === "" ? undefined : s;
  };
  return auditFilter.parse({ actor: get("actor"), action: get("action"), from: get("from"), to: get("to"), cursor: get("cursor") });
}

/** WHERE clauses for a filter; an action ending in "." matches every action under it (e.g. "user."). */
export function auditWhere(f: AuditFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.actor) where.push(`actor_label = ${add(f.actor)}`);
  if (f.action) where.push(f.action.endsWith(".") ? `action LIKE ${add(f.action + "%")}` : `action = ${add(f.action)}`);
  where.push(...dateRangeWhere("created_at", f, add));
  return where;
}
