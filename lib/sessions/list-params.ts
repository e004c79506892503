import { z } from "zod";
import { sessionStatuses } from "./codes.ts";
import { isUuid, UUID_PATTERN } from "../validation/uuid.ts";

/**
 * Counts per status stop at this number: the list shows "1,000+" instead of paying for an exact
 * COUNT(*). Each count reads at most this many index entries, so the nine cost the same at ten
 * thousand sessions as at a million (a cap of 10,000 cost 10-19 ms at a million, docs/performance.md).
 */
export const STATUS_COUNT_CAP = 1_000;

/** The decision filter's choices; "expired_abandoned" is Veriff's 9104, "none" is no decision yet. */
export const decisionFilters = ["approved", "declined", "resubmission_requested", "expired_abandoned", "review", "none"] as const;
export type DecisionFilter = (typeof decisionFilters)[number];

export const decisionFilterLabels: Record<DecisionFilter, string> = {
  approved: "Approved",
  declined: "Declined",
  resubmission_requested: "Resubmission requested",
  expired_abandoned: "Expired / abandoned",
  review: "Review",
  none: "None yet",
};

/** The decision code each filter matches (null: no decision recorded). */
export const decisionFilterCode: Record<DecisionFilter, number | null> = {
  approved: 9001,
  declined: 9102,
  resubmission_requested: 9103,
  expired_abandoned: 9104,
  review: 9121,
  none: null,
};

export const PAGE_SIZE = 50;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const validDay = (s: string) => DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** A comma-separated (or repeated) URL value into a list of known values; unknown ones are dropped. */
function listOf<T extends string>(values: readonly T[]) {
  return z
    .preprocess((v) => {
      const raw = Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
      const parts = raw.flatMap((x) => String(x).split(",")).map((x) => x.trim());
      return [...new Set(parts.filter((x): x is T => (values as readonly string[]).includes(x)))].sort((a, b) => values.indexOf(a as T) - values.indexOf(b as T));
    }, z.array(z.enum(values as unknown as [T, ...T[]])))
    .catch([]);
}

const single = (v: unknown) => (Array.isArray(v) ? v[0] : v);

export interface Cursor {
  createdAt: string;
  id: string;
}

// ASCII only (an ISO time and a UUID), so btoa/atob serve on the server and in the browser.
export function encodeCursor(c: Cursor): string {
  return btoa(`${c.createdAt}|${c.id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(raw: string): Cursor | null {
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(raw)) return null;
    const [createdAt, id, extra] = atob(raw.replace(/-/g, "+").replace(/_/g, "/")).split("|");
    if (extra !== undefined || !isUuid(id) || Number.isNaN(Date.parse(createdAt ?? ""))) return null;
    return { createdAt: new Date(createdAt).toISOString(), id: id.toLowerCase() };
  } catch {
    return null;
  }
}

/**
 * The list's whole state as it lives in the URL: filters, sort and position. Every field
 * falls back to its default on a bad value, so a malformed or hand-edited URL still shows a list.
 */
export const listParams = z.object({
  status: listOf(sessionStatuses),
  decision: listOf(decisionFilters),
  integration: z.preprocess(single, z.string().regex(UUID_PATTERN).transform((s) => s.toLowerCase()).optional()).catch(undefined),
  from: z.preprocess(single, z.string().refine(validDay).optional()).catch(undefined),
  to: z.preprocess(single, z.string().refine(validDay).optional()).catch(undefined),
  q: z.preprocess(single, z.string().trim().max(200).optional().transform((s) => s || undefined)).catch(undefined),
  assigned: z.preprocess(single, z.enum(["me"]).optional()).catch(undefined),
  sort: z.preprocess(single, z.enum(["desc", "asc"])).catch("desc"),
  cursor: z.preprocess(single, z.string().max(200).refine((s) => decodeCursor(s) !== null).optional()).catch(undefined),
});
export type ListParams = z.output<typeof listParams>;

export const defaultListParams: ListParams = listParams.parse({});

type RawParams = Record<string, string | string[] | undefined> | URLSearchParams;

/** Parses Next's searchParams or a URLSearchParams; never throws. */
export function parseListParams(raw: RawParams): ListParams {
  let obj: Record<string, string | string[] | undefined> = {};
  if (raw instanceof URLSearchParams) {
    for (const key of new Set(raw.keys())) {
      const all = raw.getAll(key);
      obj[key] = all.length > 1 ? all : all[0];
    }
  } else obj = raw;
  const parsed = listParams.safeParse(obj);
  return parsed.success ? parsed.data : defaultListParams;
}

/**
 * What the URL asked for that the list cannot apply, in words: the schema falls back to the
 * default for each of these (so the page still shows a list), and the page says so instead of
 * silently showing something else. Reversed dates are refused here, not swapped.
 */
export function listParamProblems(raw: RawParams): { field: string; message: string }[] {
  const get = (k: string) => {
    const v = raw instanceof URLSearchParams ? raw.get(k) : single(raw[k]);
    return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
  };
  const out: { field: string; message: string }[] = [];
  const from = get("from");
  const to = get("to");
  for (const [field, v, label] of [["from", from, "From"], ["to", to, "To"]] as const) {
    if (v !== undefined && !validDay(v)) out.push({ field, message: `${label} date "${v}" is not a date (use YYYY-MM-DD): the list ignores it.` });
  }
  if (from && to && validDay(from) && validDay(to) && from > to) out.push({ field: "to", message: `The dates are reversed: "from" ${from} is after "to" ${to}, so nothing can match. Swap them.` });
  const integration = get("integration");
  if (integration !== undefined && !isUuid(integration)) out.push({ field: "integration", message: `Integration "${integration}" is not an integration id (a UUID): showing every integration.` });
  const q = get("q");
  if (q !== undefined && q.length > 200) out.push({ field: "q", message: "The search is longer than 200 characters: it is ignored." });
  else if (q !== undefined && /^[0-9a-f-]{20,}$/i.test(q) && q.includes("-") && !isUuid(q)) {
    out.push({ field: "q", message: `"${q}" looks like a session id but is not a complete one (36 characters, 8-4-4-4-12): no id matches it.` });
  }
  for (const [field, values, label] of [["status", sessionStatuses, "status"], ["decision", decisionFilters, "decision"]] as const) {
    const v = raw instanceof URLSearchParams ? raw.getAll(field) : raw[field];
    const parts = (Array.isArray(v) ? v : v ? [v] : []).flatMap((x) => String(x).split(",")).map((x) => x.trim()).filter(Boolean);
    const unknown = parts.filter((x) => !(values as readonly string[]).includes(x));
    if (unknown.length) out.push({ field, message: `Unknown ${label} ${unknown.map((x) => `"${x}"`).join(", ")}: ignored.` });
  }
  const cursor = get("cursor");
  if (cursor !== undefined && decodeCursor(cursor) === null) out.push({ field: "cursor", message: "The page position in the link is broken: showing the first page." });
  return out;
}

/** The canonical query string for params (defaults left out), the same on server and client. */
export function listParamsToSearch(p: Partial<ListParams>): string {
  const s = new URLSearchParams();
  if (p.status?.length) s.set("status", p.status.join(","));
  if (p.decision?.length) s.set("decision", p.decision.join(","));
  if (p.integration) s.set("integration", p.integration);
  if (p.from) s.set("from", p.from);
  if (p.to) s.set("to", p.to);
  if (p.q) s.set("q", p.q);
  if (p.assigned) s.set("assigned", p.assigned);
  if (p.sort && p.sort !== "desc") s.set("sort", p.sort);
  if (p.cursor) s.set("cursor", p.cursor);
  const out = s.toString();
  return out ? `?${out}` : "";
}

/** A filter change: everything else kept, the position reset to the first page. */
export function withFilter(p: ListParams, change: Partial<Omit<ListParams, "cursor">>): ListParams {
  return { ...p, ...change, cursor: undefined };
}

