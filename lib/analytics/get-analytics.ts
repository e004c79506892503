import { pool } from "../db/index.ts";
import { declineReasons, resubmissionReasons } from "../sessions/codes.ts";
import type { AnalyticsQuery } from "../validation/analytics.ts";
import { BUCKETS, quantile } from "./histogram.ts";
import { COUNTERS, type Counter } from "./rollup.ts";

export const DECISION_KEYS = ["approved", "declined", "resubmission_requested", "review", "expired", "abandoned"] as const;
export type DecisionKey = (typeof DECISION_KEYS)[number];
type Counts = Record<Counter, number>;

export interface SeriesPoint extends Record<DecisionKey, number> {
  date: string;
  created: number;
  decided: number;
  /** Created that day and without any outcome yet. */
  inProgress: number;
  approvalRate: number | null;
  declineRate: number | null;
  resubmissionRate: number | null;
}

export interface Analytics {
  range: { from: string; to: string; integration: string | null; environment: "test" | "live" | null };
  /** Sessions created in the range, and how many of them were started, submitted, decided (by anyone but the expiry sweeper). */
  funnel: { created: number; started: number; submitted: number; decided: number };
  /** Each funnel step over the one before it (0–1; null when the step before is empty). */
  conversion: { started: number | null; submitted: number | null; decided: number | null };
  /** Each session's latest outcome (a session resubmitted and then abandoned is abandoned). */
  decisions: Record<DecisionKey, number>;
  /** Of the decided: approved, declined, resubmission requested (0–1; null when none was decided). */
  approvalRate: number | null;
  declineRate: number | null;
  resubmissionRate: number | null;
  timeToDecision: { p50Seconds: number | null; p90Seconds: number | null; count: number };
  timeInReview: { p50Seconds: number | null; p90Seconds: number | null; count: number };
  reviewQueue: { size: number; oldestSubmittedAt: string | null; oldestAgeSeconds: number | null };
  deciders: { engine: number; reviewer: number; other: number; automatedShare: number | null };
  reasons: { declined: Reason[]; resubmission_requested: Reason[] };
  series: SeriesPoint[];
  byIntegration: (Record<DecisionKey, number> & { id: string; name: string; environment: "test" | "live"; created: number; decided: number; approvalRate: number | null })[];
}

export interface Reason {
  code: number;
  reason: string;
  count: number;
}

const TOP_REASONS = 10;
const DAY_MS = 86_400_000;
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function scope(q: AnalyticsQuery, values: unknown[], alias: string): string {
  const where: string[] = [];
  if (q.integration) {
    values.push(q.integration);
    where.push(`${alias}.integration_id = $${values.length}`);
  }
  if (q.environment) {
    values.push(q.environment);
    where.push(`${alias}.integration_id IN (SELECT id FROM integrations WHERE environment = $${values.length}::"Environment")`);
  }
  return where.map((w) => ` AND ${w}`).join("");
}

const sums = COUNTERS.map((c) => `sum(${c})::int AS ${c}`).join(", ");

/**
 * The analytics of the sessions created in a range of UTC days (cohorts: a session counts on the
 * day it was created, with what it has become since), read from the daily rollups
 * (lib/analytics/rollup.ts): a year is 365 rows per integration whatever the number of sessions.
 * The review queue is now's, from the sessions (index on status).
 */
export async function getAnalytics(q: AnalyticsQuery, now = new Date()): Promise<Analytics> {
  const values: unknown[] = [q.from, q.to];
  const where = `d.day BETWEEN $1::date AND $2::date${scope(q, values, "d")}`;
  const months = wholeMonths(q.from, q.to);
  const histValues = [...values, months.first, months.last];
  const f = histValues.length - 1;
  const queueValues: unknown[] = [];
  const queueScope = scope(q, queueValues, "s");
  const db = pool();
  const [grouped, hist, reasons, queue] = await Promise.all([
    db.query<Counts & { day: string | null; integration_id: string | null; name: string | null; environment: "test" | "live" | null }>(
      `SELECT g.*, i.name, i.environment FROM (
         SELECT to_char(d.day, 'YYYY-MM-DD') AS day, d.integration_id, ${sums}
           FROM analytics_daily d WHERE ${where}
          GROUP BY GROUPING SETS ((d.day), (d.integration_id))) g
       LEFT JOIN integrations i ON i.id = g.integration_id`,
      values,
    ),
    // Whole months from the monthly rows, the days before and after them from the daily ones;
    // elements by subscript (a fixed-width array's element is an offset), summed per bucket.
    db.query<{ k: number; decision: number; review: number }>(
      `SELECT k, sum(d.decision_seconds[k])::int AS decision, sum(d.review_seconds[k])::int AS review
         FROM (SELECT d.decision_seconds, d.review_seconds FROM analytics_daily d WHERE ${where} AND NOT (d.day BETWEEN $${f}::date AND $${f + 1}::date)
               UNION ALL
               SELECT d.decision_seconds, d.review_seconds FROM analytics_monthly d WHERE d.month BETWEEN $${f}::date AND $${f + 1}::date${scope(q, [q.from, q.to], "d")}) d
        CROSS JOIN generate_series(1, ${BUCKETS}) k
        GROUP BY k`,
      histValues,
    ),
    db.query<{ status: "declined" | "resubmission_requested"; code: number; count: number }>(
      `SELECT d.status, d.code, sum(d.count)::int AS count FROM analytics_reasons d WHERE ${where} GROUP BY d.status, d.code HAVING sum(d.count) > 0`,
      values,
    ),
    // The oldest waiting session per status off the (status, created_at, id) index; the count reads the index only.
    db.query<{ size: number; oldest: Date | null }>(
      `SELECT (SELECT count(*)::int FROM verification_sessions s WHERE s.status IN ('submitted', 'review')${queueScope}) AS size,
              (SELECT min(o.submitted_at) FROM (
                 (SELECT COALESCE(s.submitted_at, s.created_at) AS submitted_at FROM verification_sessions s WHERE s.status = 'submitted'${queueScope} ORDER BY s.created_at, s.id LIMIT 1)
                 UNION ALL
                 (SELECT COALESCE(s.submitted_at, s.created_at) FROM verification_sessions s WHERE s.status = 'review'${queueScope} ORDER BY s.created_at, s.id LIMIT 1)) o) AS oldest`,
      queueValues,
    ),
  ]);

  const total = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;
  const byDay = new Map<string, Counts>();
  const byIntegration: Analytics["byIntegration"] = [];
  for (const r of grouped.rows) {
    if (r.day) {
      byDay.set(r.day, r);
      for (const c of COUNTERS) total[c] += r[c];
    } else if (r.integration_id) {
      byIntegration.push({
        id: r.integration_id,
        name: r.name ?? r.integration_id,
        environment: r.environment ?? "test",
        created: r.created,
        decided: r.decided,
        ...pick(r),
        approvalRate: ratio(r.approved, r.decided),
      });
    }
  }
  byIntegration.sort((a, b) => b.created - a.created || a.name.localeCompare(b.name));

  const series: SeriesPoint[] = [];
  for (let t = Date.parse(q.from); t <= Date.parse(q.to); t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    const r = byDay.get(date);
    const decided = r?.decided ?? 0;
    series.push({
      date,
      created: r?.created ?? 0,
      decided,
      inProgress: (r?.created ?? 0) - DECISION_KEYS.reduce((n, k) => n + (r?.[k] ?? 0), 0),
      ...pick(r),
      approvalRate: ratio(r?.approved ?? 0, decided),
      declineRate: ratio(r?.declined ?? 0, decided),
      resubmissionRate: ratio(r?.resubmission_requested ?? 0, decided),
    });
  }

  const decisionHist = new Array<number>(BUCKETS).fill(0);
  const reviewHist = new Array<number>(BUCKETS).fill(0);
  for (const h of hist.rows) {
    decisionHist[h.k - 1] = h.decision;
    reviewHist[h.k - 1] = h.review;
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  const reasonList = (status: "declined" | "resubmission_requested", words: Record<number, string>): Reason[] =>
    reasons.rows
      .filter((r) => r.status === status)
      .map((r) => ({ code: r.code, reason: words[r.code] ?? `Reason ${r.code}`, count: r.count }))
      .sort((a, b) => b.count - a.count || a.code - b.code)
      .slice(0, TOP_REASONS);

  const oldest = queue.rows[0].oldest;
  const judged = total.by_engine + total.by_reviewer + total.by_other;
  return {
    range: { from: q.from, to: q.to, integration: q.integration ?? null, environment: q.environment ?? null },
    funnel: { created: total.created, started: total.started, submitted: total.submitted, decided: total.decided },
    conversion: { started: ratio(total.started, total.created), submitted: ratio(total.submitted, total.started), decided: ratio(total.decided, total.submitted) },
    decisions: pick(total),
    approvalRate: ratio(total.approved, total.decided),
    declineRate: ratio(total.declined, total.decided),
    resubmissionRate: ratio(total.resubmission_requested, total.decided),
    timeToDecision: { p50Seconds: quantile(decisionHist, 0.5), p90Seconds: quantile(decisionHist, 0.9), count: sum(decisionHist) },
    timeInReview: { p50Seconds: quantile(reviewHist, 0.5), p90Seconds: quantile(reviewHist, 0.9), count: sum(reviewHist) },
    reviewQueue: {
      size: queue.rows[0].size,
      oldestSubmittedAt: oldest ? oldest.toISOString() : null,
      oldestAgeSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null,
    },
    deciders: { engine: total.by_engine, reviewer: total.by_reviewer, other: total.by_other, automatedShare: ratio(total.by_engine, judged) },
    reasons: { declined: reasonList("declined", declineReasons), resubmission_requested: reasonList("resubmission_requested", resubmissionReasons) },
    series,
    byIntegration,
  };
}

/** The first and last day of the whole months inside [from, to] (first after last when there is none). */
export function wholeMonths(from: string, to: string): { first: string; last: string } {
  const f = new Date(`${from}T00:00:00Z`);
  const first = f.getUTCDate() === 1 ? from : new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
  const t = new Date(`${to}T00:00:00Z`);
  const next = new Date(t.getTime() + DAY_MS);
  const last = next.getUTCDate() === 1 ? to : new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 0)).toISOString().slice(0, 10);
  return { first, last };
}

function pick(r: Partial<Counts> | undefined): Record<DecisionKey, number> {
  return Object.fromEntries(DECISION_KEYS.map((k) => [k, r?.[k] ?? 0])) as Record<DecisionKey, number>;
}
