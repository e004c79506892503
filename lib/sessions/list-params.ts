import { z } from "zod";
import { sessionStatuses } from "./codes.ts";
import { isUuid, UUID_PATTERN } from "../validation/uuid.ts";
import { validDay } from "../validation/date-range.ts";

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

/** The canonical query string for params (defaults left out), the same on server and client. */
export function listParamsToSearch(p: Partial<ListParams>): string {
  const s = new URLSearchParams();
  if (p.status?.length) s.set("status", p.status.join(","));
  if (p.decision?.length) s.set("decision", p.decision.join(","));
  if (p.integration) s.set("integration", p.integration);
  if (p.from) s.set("from", p.from);
  if (p.to) s.set("to", p.to);
  if (p.q) s.set("q", p.q);
  if (p.sort && p.sort !== "desc") s.set("sort", p.sort);
  if (p.cursor) s.set("cursor", p.cursor);
  const out = s.toString();
  return out ? `?${out}` : "";
}

/** A filter change: everything else kept, the position reset to the first page. */
export function withFilter(p: ListParams, change: Partial<Omit<ListParams, "cursor">>): ListParams {
  return { ...p, ...change, cursor: undefined };
}

