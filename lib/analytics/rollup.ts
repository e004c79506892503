import type pg from "pg";
import { BUCKETS, bucketOf, bucketSql, emptyHistogram } from "./histogram.ts";
import type { SessionStatus } from "../sessions/codes.ts";

/**
 * The analytics rollups (tables analytics_daily, analytics_monthly and analytics_reasons): per UTC day of a
 * session's creation and integration, what the sessions created that day have become. Every
 * create and status change adds its delta in its own transaction (lib/sessions/create-session.ts,
 * lib/sessions/transition.ts); ROLLUP_SQL computes the same figures from the sessions, for
 * `checkpoint analytics rebuild` and to take a deleted session out.
 *
 * Locking order: a transaction upserts its daily rows sorted by (day, integration), then its
 * month rows (histograms) sorted by (month, integration), then its reason rows sorted by (day,
 * integration, status, code), each set in one statement. Two
 * transactions touching the same rows thus take them in the same order and cannot deadlock (two
 * expiry sweepers that upserted row by row, each in its own order, did).
 */

export const COUNTERS = [
  "created",
  "started",
  "submitted",
  "decided",
  "approved",
  "declined",
  "resubmission_requested",
  "review",
  "expired",
  "abandoned",
  "by_engine",
  "by_reviewer",
  "by_other",
] as const;
export type Counter = (typeof COUNTERS)[number];

/** A session's latest decision, the counter it is in. */
export type LatestDecision = "approved" | "declined" | "resubmission_requested" | "review" | "expired" | "abandoned";

interface DayDelta {
  day: string;
  integrationId: string;
  counts: Partial<Record<Counter, number>>;
  decisionSeconds: number[] | null;
  reviewSeconds: number[] | null;
}

/** Deltas of one transaction, applied together in the locking order (see above). */
export class RollupDeltas {
  private readonly days = new Map<string, DayDelta>();
  private readonly reasons = new Map<string, { day: string; integrationId: string; status: string; code: number; count: number }>();

  private dayOf(createdAt: Date, integrationId: string): DayDelta {
    const day = createdAt.toISOString().slice(0, 10);
    const k = `${day}|${integrationId}`;
    let d = this.days.get(k);
    if (!d) this.days.set(k, (d = { day, integrationId, counts: {}, decisionSeconds: null, reviewSeconds: null }));
    return d;
  }

  count(createdAt: Date, integrationId: string, counter: Counter, n = 1): void {
    const d = this.dayOf(createdAt, integrationId);
    d.counts[counter] = (d.counts[counter] ?? 0) + n;
  }

  duration(createdAt: Date, integrationId: string, which: "decisionSeconds" | "reviewSeconds", ms: number): void {
    const d = this.dayOf(createdAt, integrationId);
    (d[which] ??= emptyHistogram())[bucketOf(ms)] += 1;
  }

  reason(createdAt: Date, integrationId: string, status: string, code: number): void {
    const day = createdAt.toISOString().slice(0, 10);
    const k = `${day}|${integrationId}|${status}|${code}`;
    const r = this.reasons.get(k);
    if (r) r.count += 1;
    else this.reasons.set(k, { day, integrationId, status, code, count: 1 });
  }

  get empty(): boolean {
    return this.days.size === 0 && this.reasons.size === 0;
  }

  async apply(client: pg.ClientBase): Promise<void> {
    if (this.days.size) {
      const days = [...this.days.values()].sort((a, b) => (a.day === b.day ? cmp(a.integrationId, b.integrationId) : cmp(a.day, b.day)));
      const cols = COUNTERS.map((c) => days.map((d) => d.counts[c] ?? 0));
      const hist = (h: number[] | null) => `{${(h ?? ZERO).join(",")}}`;
      await client.query(UPSERT_DAYS_SQL, [
        days.map((d) => d.day),
        days.map((d) => d.integrationId),
        ...cols,
        days.map((d) => hist(d.decisionSeconds)),
        days.map((d) => hist(d.reviewSeconds)),
      ]);
      // The months' histograms (after every daily row: the same order for every transaction).
      const months = new Map<string, { month: string; integrationId: string; decision: number[]; review: number[] }>();
      for (const d of days) {
        if (!d.decisionSeconds && !d.reviewSeconds) continue;
        const month = `${d.day.slice(0, 7)}-01`;
        const k = `${month}|${d.integrationId}`;
        let m = months.get(k);
        if (!m) months.set(k, (m = { month, integrationId: d.integrationId, decision: emptyHistogram(), review: emptyHistogram() }));
        for (let b = 0; b < BUCKETS; b++) {
          m.decision[b] += d.decisionSeconds?.[b] ?? 0;
          m.review[b] += d.reviewSeconds?.[b] ?? 0;
        }
      }
      if (months.size) {
        const ms = [...months.values()].sort((a, b) => (a.month === b.month ? cmp(a.integrationId, b.integrationId) : cmp(a.month, b.month)));
        await client.query(UPSERT_MONTHS_SQL, [ms.map((m) => m.month), ms.map((m) => m.integrationId), ms.map((m) => hist(m.decision)), ms.map((m) => hist(m.review))]);
      }
    }
    if (this.reasons.size) {
      const rs = [...this.reasons.values()].sort((a, b) => cmp(`${a.day}|${a.integrationId}|${a.status}|${String(a.code).padStart(4, "0")}`, `${b.day}|${b.integrationId}|${b.status}|${String(b.code).padStart(4, "0")}`));
      await client.query(UPSERT_REASONS_SQL, [rs.map((r) => r.day), rs.map((r) => r.integrationId), rs.map((r) => r.status), rs.map((r) => r.code), rs.map((r) => r.count)]);
    }
    this.days.clear();
    this.reasons.clear();
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const ZERO = emptyHistogram();
const ZERO_SQL = `{${ZERO.join(",")}}`;

// Histograms are added element-wise (unnest of two arrays pairs them up); the input is in the
// locking order and WITH ORDINALITY keeps it.
const addHist = (col: string, table = "analytics_daily") => `ARRAY(SELECT x + y FROM unnest(COALESCE(${table}.${col}, '${ZERO_SQL}'::int[]), EXCLUDED.${col}) AS t(x, y))`;
const upsertDaysSql = (source: string) => `INSERT INTO analytics_daily (day, integration_id, ${COUNTERS.join(", ")}, decision_seconds, review_seconds)
  ${source}
  ON CONFLICT (day, integration_id) DO UPDATE SET
    ${COUNTERS.map((c) => `${c} = analytics_daily.${c} + EXCLUDED.${c}`).join(",\n    ")},
    decision_seconds = ${addHist("decision_seconds")},
    review_seconds = ${addHist("review_seconds")}`;
const UPSERT_DAYS_SQL = upsertDaysSql(`SELECT day, integration_id, ${COUNTERS.join(", ")}, decision_seconds::int[], review_seconds::int[]
    FROM unnest($1::date[], $2::uuid[], ${COUNTERS.map((_, i) => `$${i + 3}::int[]`).join(", ")}, $${COUNTERS.length + 3}::text[], $${COUNTERS.length + 4}::text[])
      WITH ORDINALITY AS d(day, integration_id, ${COUNTERS.join(", ")}, decision_seconds, review_seconds, n)
   ORDER BY n`);

const upsertMonthsSql = (source: string) => `INSERT INTO analytics_monthly (month, integration_id, decision_seconds, review_seconds)
  ${source}
  ON CONFLICT (month, integration_id) DO UPDATE SET
    decision_seconds = ${addHist("decision_seconds", "analytics_monthly")},
    review_seconds = ${addHist("review_seconds", "analytics_monthly")}`;
const UPSERT_MONTHS_SQL = upsertMonthsSql(
  `SELECT month, integration_id, decision_seconds::int[], review_seconds::int[] FROM unnest($1::date[], $2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS m(month, integration_id, decision_seconds, review_seconds, n) ORDER BY n`,
);

const upsertReasonsSql = (source: string) => `INSERT INTO analytics_reasons (day, integration_id, status, code, count)
  ${source}
  ON CONFLICT (day, integration_id, status, code) DO UPDATE SET count = analytics_reasons.count + EXCLUDED.count`;
const UPSERT_REASONS_SQL = upsertReasonsSql(
  `SELECT day, integration_id, status, code, count FROM unnest($1::date[], $2::uuid[], $3::text[], $4::int[], $5::int[]) WITH ORDINALITY AS r(day, integration_id, status, code, count, n) ORDER BY n`,
);

/** What the "created" upsert of a batch of new sessions adds (lib/sessions/create-session.ts, rows in CTE `r`). */
export const CREATED_UPSERT_SQL = `INSERT INTO analytics_daily (day, integration_id, created, decision_seconds, review_seconds)
    SELECT (created_at AT TIME ZONE 'UTC')::date, integration_id, count(*), '${ZERO_SQL}', '${ZERO_SQL}' FROM r
     GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (day, integration_id) DO UPDATE SET created = analytics_daily.created + EXCLUDED.created`;

/** The counter a session's latest decision is in, from its decision code (9104 is expired or abandoned: its status says which). */
export function latestDecisionOf(status: SessionStatus, decisionCode: number | null): LatestDecision | null {
  switch (decisionCode) {
    case 9001:
      return "approved";
    case 9102:
      return "declined";
    case 9103:
      return "resubmission_requested";
    case 9121:
      return "review";
    case 9104:
      return status === "abandoned" ? "abandoned" : "expired";
    default:
      return null;
  }
}

export const LATEST_DECISION_SQL = `(CASE s.decision_code WHEN 9001 THEN 'approved' WHEN 9102 THEN 'declined' WHEN 9103 THEN 'resubmission_requested'
  WHEN 9121 THEN 'review' WHEN 9104 THEN CASE WHEN s.status = 'abandoned' THEN 'abandoned' ELSE 'expired' END END)`;

/** Decisions someone makes on a submission (not review, not the sweeper's): the ones timed and attributed. */
export const JUDGED = ["approved", "declined", "resubmission_requested"] as const;
export const isJudged = (s: SessionStatus) => (JUDGED as readonly string[]).includes(s);
export const deciderCounter = (actorType: string): Counter => (actorType === "engine" ? "by_engine" : actorType === "user" ? "by_reviewer" : "by_other");

export interface TransitionFacts {
  integrationId: string;
  createdAt: Date;
  from: SessionStatus;
  to: SessionStatus;
  decision: boolean;
  /** Before this change. */
  startedAt: Date | null;
  submittedAt: Date | null;
  /** Before this change: any decision so far (a session that has one is not ended, so it was someone's). */
  decidedAt: Date | null;
  decisionCode: number | null;
  /** The decided attempt's submission. */
  attemptSubmittedAt: Date | null;
  reasonCode: number | null;
  actorType: string;
  now: Date;
}

/** One status change's delta (the same figures ROLLUP_SQL derives from the stored rows). */
export function addTransition(d: RollupDeltas, f: TransitionFacts): void {
  const at = f.createdAt;
  const i = f.integrationId;
  if (f.to === "started" && !f.startedAt) d.count(at, i, "started");
  if (f.to === "submitted" && !f.submittedAt) d.count(at, i, "submitted");
  if (!f.decision) return;
  // Decided: someone (a reviewer, the engine, the API) decided on a submission; the sweeper's
  // expired and abandoned end sessions nobody submitted, and are counted only as outcomes.
  if (!f.decidedAt && f.to !== "expired" && f.to !== "abandoned") d.count(at, i, "decided");
  const before = latestDecisionOf(f.from, f.decisionCode);
  if (before) d.count(at, i, before, -1);
  d.count(at, i, f.to as LatestDecision);
  if (f.reasonCode != null) d.reason(at, i, f.to, f.reasonCode);
  if (isJudged(f.to)) d.count(at, i, deciderCounter(f.actorType));
  if (f.attemptSubmittedAt) {
    const ms = f.now.getTime() - f.attemptSubmittedAt.getTime();
    if (isJudged(f.to)) d.duration(at, i, "decisionSeconds", ms);
    if (f.actorType === "user") d.duration(at, i, "reviewSeconds", ms);
  }
}

/**
 * The rollups' rows computed from the sessions (those matching `where`, on alias s): daily rows
 * into `daily`, reason rows into `reasons`, as temp tables the caller then folds in. Decisions
 * carry their actor type; older rows without one count a decision with a user as a reviewer's
 * and the rest as others'.
 */
function rollupSql(where: string): string[] {
  const judged = `d.status IN ('approved', 'declined', 'resubmission_requested')`;
  return [
    `CREATE TEMP TABLE rollup_sessions (id uuid, integration_id uuid, day date, started_at timestamptz, submitted_at timestamptz, decided boolean, latest text) ON COMMIT DROP`,
    `INSERT INTO rollup_sessions
       SELECT s.id, s.integration_id, (s.created_at AT TIME ZONE 'UTC')::date AS day, s.started_at, s.submitted_at,
              s.decided_at IS NOT NULL AND EXISTS (SELECT 1 FROM decisions d WHERE d.session_id = s.id AND d.status NOT IN ('expired', 'abandoned')),
              ${LATEST_DECISION_SQL} AS latest
         FROM verification_sessions s WHERE ${where}`,
    `CREATE TEMP TABLE rollup_decisions ON COMMIT DROP AS
       SELECT s.day, s.integration_id, d.status::text AS status, d.reason_code,
              COALESCE(d.actor_type, CASE WHEN d.decided_by_id IS NOT NULL THEN 'user' ELSE 'other' END) AS actor_type,
              ${bucketSql("(extract(epoch FROM d.created_at - a.submitted_at) * 1000)")} AS bucket, a.submitted_at IS NOT NULL AS timed
         FROM rollup_sessions s JOIN decisions d ON d.session_id = s.id LEFT JOIN attempts a ON a.id = d.attempt_id`,
    `CREATE TEMP TABLE rollup_hist ON COMMIT DROP AS
       SELECT g.day, g.integration_id,
              array_agg(COALESCE(h.decided, 0)::int ORDER BY k) AS decision_seconds, array_agg(COALESCE(h.reviewed, 0)::int ORDER BY k) AS review_seconds
         FROM (SELECT DISTINCT day, integration_id FROM rollup_decisions) g CROSS JOIN generate_series(0, ${BUCKETS - 1}) k
         LEFT JOIN (SELECT day, integration_id, bucket, count(*) FILTER (WHERE ${judged}) AS decided, count(*) FILTER (WHERE actor_type = 'user') AS reviewed
                      FROM rollup_decisions d WHERE timed GROUP BY 1, 2, 3) h ON h.day = g.day AND h.integration_id = g.integration_id AND h.bucket = k
        GROUP BY g.day, g.integration_id`,
    `CREATE TEMP TABLE rollup_daily ON COMMIT DROP AS
       SELECT x.day, x.integration_id, ${COUNTERS.map((c) => `COALESCE(${c}, 0)::int AS ${c}`).join(", ")},
              COALESCE(h.decision_seconds, '${ZERO_SQL}') AS decision_seconds, COALESCE(h.review_seconds, '${ZERO_SQL}') AS review_seconds
         FROM (SELECT day, integration_id, count(*) AS created, count(started_at) AS started, count(submitted_at) AS submitted, count(*) FILTER (WHERE decided) AS decided,
                      ${["approved", "declined", "resubmission_requested", "review", "expired", "abandoned"].map((c) => `count(*) FILTER (WHERE latest = '${c}') AS ${c}`).join(", ")}
                 FROM rollup_sessions GROUP BY day, integration_id) x
         LEFT JOIN (SELECT day, integration_id,
                      count(*) FILTER (WHERE ${judged} AND actor_type = 'engine') AS by_engine,
                      count(*) FILTER (WHERE ${judged} AND actor_type = 'user') AS by_reviewer,
                      count(*) FILTER (WHERE ${judged} AND actor_type NOT IN ('engine', 'user')) AS by_other
                 FROM rollup_decisions d GROUP BY day, integration_id) y ON y.day = x.day AND y.integration_id = x.integration_id
         LEFT JOIN rollup_hist h ON h.day = x.day AND h.integration_id = x.integration_id`,
    `CREATE TEMP TABLE rollup_reasons ON COMMIT DROP AS
       SELECT day, integration_id, status, reason_code AS code, count(*)::int AS count FROM rollup_decisions
        WHERE reason_code IS NOT NULL GROUP BY 1, 2, 3, 4`,
  ];
}

/**
 * Adds (sign 1) or takes out (sign -1) the rollup figures of the sessions matching `where`
 * (alias s, parameters `values`), in the caller's transaction.
 */
export async function foldRollups(client: pg.ClientBase, where: string, values: unknown[], sign: 1 | -1): Promise<void> {
  const [create, insert, ...rest] = rollupSql(where);
  await client.query(create);
  await client.query(insert, values);
  for (const sql of rest) await client.query(sql);
  const signed = (c: string) => `${sign} * ${c}`;
  const hist = (c: string) => `ARRAY(SELECT ${sign} * x FROM unnest(${c}) x)`;
  await client.query(
    upsertDaysSql(
      `SELECT day, integration_id, ${COUNTERS.map(signed).join(", ")}, ${hist("decision_seconds")}, ${hist("review_seconds")} FROM rollup_daily ORDER BY day, integration_id`,
    ),
  );
  await client.query(
    upsertMonthsSql(
      `SELECT month, integration_id, array_agg(decision ORDER BY k), array_agg(review ORDER BY k) FROM (
         SELECT date_trunc('month', day)::date AS month, integration_id, h.k, ${sign} * sum(h.decision)::int AS decision, ${sign} * sum(h.review)::int AS review
           FROM rollup_daily, unnest(decision_seconds, review_seconds) WITH ORDINALITY AS h(decision, review, k) GROUP BY 1, 2, 3) m
        GROUP BY month, integration_id HAVING bool_or(decision <> 0 OR review <> 0) ORDER BY month, integration_id`,
    ),
  );
  await client.query(upsertReasonsSql(`SELECT day, integration_id, status, code, ${sign} * count FROM rollup_reasons ORDER BY day, integration_id, status, code`));
  await client.query(`DROP TABLE rollup_sessions, rollup_decisions, rollup_hist, rollup_daily, rollup_reasons`);
}

/** Recomputes every rollup row from the sessions, in one transaction (readers see the old figures until it commits). */
export async function rebuildRollups(client: pg.ClientBase): Promise<{ days: number; sessions: number }> {
  // The tables' lock waits for every transaction that has written a delta and holds back the
  // rest until the rebuild commits: a change in between adds its delta to the rebuilt figures.
  await client.query(`LOCK TABLE analytics_daily, analytics_monthly, analytics_reasons IN EXCLUSIVE MODE`);
  await client.query(`DELETE FROM analytics_daily`);
  await client.query(`DELETE FROM analytics_monthly`);
  await client.query(`DELETE FROM analytics_reasons`);
  await foldRollups(client, "true", [], 1);
  const { rows } = await client.query<{ days: number; sessions: number }>(`SELECT count(*)::int AS days, coalesce(sum(created), 0)::int AS sessions FROM analytics_daily`);
  return rows[0];
}

/** Takes a session about to be deleted out of the rollups (in the deleting transaction). */
export const removeFromRollups = (client: pg.ClientBase, sessionId: string) => foldRollups(client, "s.id = $1", [sessionId], -1);
