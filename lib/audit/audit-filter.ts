import { z } from "zod";

const dateBound = z.string().trim().refine((s) => !Number.isNaN(Date.parse(s))).optional().catch(undefined);

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

const upperBound = (to: string) => (/^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) : new Date(to));

/** WHERE clauses for a filter; an action ending in "." matches every action under it (e.g. "user."). */
export function auditWhere(f: AuditFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.actor) where.push(`actor_label = ${add(f.actor)}`);
  if (f.action) where.push(f.action.endsWith(".") ? `action LIKE ${add(f.action + "%")}` : `action = ${add(f.action)}`);
  if (f.from) where.push(`created_at >= ${add(new Date(f.from))}`);
  if (f.to) where.push(`created_at < ${add(upperBound(f.to))}`);
  return where;
}
