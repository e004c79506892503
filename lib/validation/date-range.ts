import { z } from "zod";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export const validDay = (s: string) => DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** A list filter's `from` / `to`: any date Date.parse reads; anything else falls back to no bound. */
export const dateBound = z.string().trim().refine((s) => !Number.isNaN(Date.parse(s))).optional().catch(undefined);

/** The exclusive upper end of `to`: a bare day (YYYY-MM-DD) includes the whole day (UTC). */
export function upperBound(to: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) : new Date(to);
}

/** WHERE clauses bounding `column` by a filter's from (inclusive) and to (see upperBound); `add` binds a parameter. */
export function dateRangeWhere(column: string, f: { from?: string; to?: string }, add: (v: unknown) => string): string[] {
  const where: string[] = [];
  if (f.from) where.push(`${column} >= ${add(new Date(f.from))}`);
  if (f.to) where.push(`${column} < ${add(upperBound(f.to))}`);
  return where;
}
