import { z } from "zod";
import { validDay } from "./date-range.ts";
import { UUID_PATTERN } from "./uuid.ts";
import { invalidInput } from "./issues.ts";
import { DomainError } from "../errors.ts";

/** Longest range one request may ask for: three years of daily figures. */
export const MAX_RANGE_DAYS = 1096;
const DAY_MS = 86_400_000;

const day = (field: string) => z.string({ message: `${field} is required, as YYYY-MM-DD.` }).refine(validDay, `${field} must be a date written YYYY-MM-DD.`);

/**
 * The analytics filter, from the page's URL or GET /api/analytics: an inclusive range of UTC
 * days, optionally one integration or one environment. Unlike the list's filters, a bad value
 * is refused (400 naming the field), not ignored: a figure for another range than asked would
 * be wrong without saying so.
 */
export const analyticsQuery = z
  .object({
    from: day("from"),
    to: day("to"),
    integration: z.string().regex(UUID_PATTERN, "integration must be an integration id.").transform((s) => s.toLowerCase()).optional(),
    environment: z.enum(["test", "live"], { message: 'environment must be "test" or "live".' }).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const days = (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS + 1;
    if (days < 1) ctx.addIssue({ code: "custom", path: ["to"], message: "to must not be before from." });
    else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `The range may span at most ${MAX_RANGE_DAYS} days.` });
  });
export type AnalyticsQuery = z.output<typeof analyticsQuery>;

/** The last `days` days up to today (UTC), the page's default range. */
export function defaultRange(days = 30, now = new Date()): { from: string; to: string } {
  const to = now.toISOString().slice(0, 10);
  return { from: new Date(Date.parse(to) - (days - 1) * DAY_MS).toISOString().slice(0, 10), to };
}

/** Parses URL parameters (empty ones left out); throws the one DomainError naming the first bad field. */
export function parseAnalyticsQuery(raw: URLSearchParams | Record<string, string | string[] | undefined>): AnalyticsQuery {
  const obj: Record<string, string> = {};
  const entries = raw instanceof URLSearchParams ? [...raw.entries()] : Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const);
  for (const [k, v] of entries) if (v !== undefined && v !== "") obj[k] = v;
  const r = analyticsQuery.safeParse(obj);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  // An unknown parameter is named, so that a typo ("form=") is not silently another query.
  if (issue.code === "unrecognized_keys") {
    throw new DomainError("invalid_input", `Unknown parameter "${issue.keys[0]}": use from, to, integration and environment.`, { field: issue.keys[0], httpStatus: 400 });
  }
  throw invalidInput(r.error, issue);
}
