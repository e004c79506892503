import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, query, useDatabase, type TestDatabase } from "./support/db.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { AuthClient } from "./support/next-auth-client.ts";
import { closeDb, withTransaction } from "../lib/db/index.ts";
import { createIntegration } from "../lib/integrations/create-integration.ts";
import { createSession } from "../lib/sessions/create-session.ts";
import { transitionSession, type EventActor } from "../lib/sessions/transition.ts";
import { expireSessions } from "../lib/sessions/expire-sessions.ts";
import { deleteSessionAsUser } from "../lib/sessions/portal-actions.ts";
import { parseCreateSession } from "../lib/validation/session.ts";
import { parseAnalyticsQuery } from "../lib/validation/analytics.ts";
import { getAnalytics, type Analytics } from "../lib/analytics/get-analytics.ts";
import { rebuildRollups } from "../lib/analytics/rollup.ts";
import { backfillRollups, ROLLUPS_MIGRATION } from "../lib/analytics/backfill.ts";
import { migrate } from "../lib/db/migrate.ts";
import pg from "pg";
import { createUser } from "../lib/users/create-user.ts";
import { cliActor } from "../lib/audit/record.ts";
import type { SessionStatus } from "../lib/sessions/codes.ts";

const kind = (process.env.TEST_DB_KIND as "server" | "pglite") ?? "server";
const MIN = 60_000;
const DAY = 86_400_000;
// Two UTC days of known sessions, in the past (the sweeper runs with an injected clock).
const T = new Date("2026-11-10T09:00:00Z");
const T2 = new Date(T.getTime() + DAY);
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

const engine: EventActor = { type: "engine", label: "engine" };
const cli: EventActor = { type: "cli", label: "cli" };
const flow: EventActor = { type: "end_user", label: "hosted flow" };

/** The rollup tables, in a comparable order (rows of zeros are the same as none). */
async function rollupRows(url: string) {
  const days = await query(url, `SELECT * FROM analytics_daily ORDER BY day, integration_id`);
  const months = await query(url, `SELECT * FROM analytics_monthly WHERE 0 < ANY (decision_seconds) OR 0 < ANY (review_seconds) ORDER BY month, integration_id`);
  const reasons = await query(url, `SELECT * FROM analytics_reasons WHERE count <> 0 ORDER BY day, integration_id, status, code`);
  return { days, months, reasons };
}

describe(`analytics on ${kind}: rollups kept in the transactions, figures exact`, () => {
  let db: TestDatabase;
  let a: { id: string; plan: "enterprise"; rateCap: number };
  let b: { id: string; plan: "enterprise"; rateCap: number };
  let reviewer: string;
  const user = (): EventActor => ({ type: "user", id: reviewer, label: "Rita Reviewer" });
  const newSession = async (i: typeof a, createdAt: Date) => (await createSession(i, parseCreateSession({ verification: {} }), { source: "api", now: createdAt })).id;
  const to = (id: string, status: SessionStatus, actor: EventActor, now: Date, reasonCode?: number) =>
    withTransaction((c) => transitionSession(c, { sessionId: id, to: status, actor, now, reasonCode }));
  /** started at +1 min, submitted at +2 min of `base`; returns the submission time. */
  const submit = async (id: string, base: Date) => {
    await to(id, "started", flow, at(base, MIN));
    await to(id, "submitted", flow, at(base, 2 * MIN));
    return at(base, 2 * MIN);
  };
  const figures = (qs: string) => getAnalytics(parseAnalyticsQuery(new URLSearchParams(qs)), at(T, 20 * DAY));
  let queueSince: Date;

  beforeAll(async () => {
    db = await createDatabase(kind);
    useDatabase(db);
    const live = await createIntegration({ name: "Live shop", environment: "live", plan: "enterprise", reviewEnabled: true }, cliActor);
    const test = await createIntegration({ name: "Sandbox", environment: "test", plan: "enterprise" }, cliActor);
    a = { id: live.id, plan: "enterprise", rateCap: 100_000 };
    b = { id: test.id, plan: "enterprise", rateCap: 100_000 };
    reviewer = (await createUser({ email: "rita@example.com", name: "Rita Reviewer", role: "reviewer", password: "rita's password 1" }, cliActor)).user.id;

    // Integration A, day 1: nine sessions of known outcome.
    const [a1, a2, a3, a4, a5, a6, a7, a8, a9] = await Promise.all(Array.from({ length: 9 }, () => newSession(a, T)));
    let s = await submit(a1, T);
    await to(a1, "approved", engine, at(s, 60_000)); // 60 s, automated
    s = await submit(a2, T);
    await to(a2, "approved", user(), at(s, 120_000)); // 120 s, reviewer
    s = await submit(a3, T);
    await to(a3, "approved", user(), at(s, 240_000)); // 240 s
    s = await submit(a4, T);
    await to(a4, "declined", user(), at(s, 600_000), 102); // 600 s
    s = await submit(a5, T);
    await to(a5, "resubmission_requested", cli, at(s, 30_000), 204); // 30 s, by the CLI
    const retry = at(T, 60 * MIN);
    await to(a5, "started", flow, retry);
    await to(a5, "submitted", flow, at(retry, MIN));
    await to(a5, "approved", user(), at(retry, MIN + 300_000)); // the second attempt: 300 s
    queueSince = await submit(a6, T);
    await to(a6, "review", user(), at(queueSince, 100_000)); // in review: waits in the queue
    await submit(a7, T); // submitted: waits in the queue
    await to(a8, "started", flow, at(T, MIN)); // abandoned by the sweeper
    void a9; // expired by the sweeper
    // Day 2: one session of A stays created.
    await newSession(a, T2);
    // Integration B (test): a decline on day 1, a resubmission request on day 2.
    const b1 = await newSession(b, T);
    s = await submit(b1, T);
    await to(b1, "declined", user(), at(s, 50_000), 504);
    const b2 = await newSession(b, T2);
    s = await submit(b2, T2);
    await to(b2, "resubmission_requested", user(), at(s, 80_000), 204);
    expect(await expireSessions({ now: at(T, 7 * DAY + MIN) })).toEqual({ expired: 1, abandoned: 1 });
  }, 60_000);
  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("gives the exact funnel, decisions, rates, deciders, reasons and queue for the range", async () => {
    const f = await figures("from=2026-11-10&to=2026-11-11");
    expect(f.funnel).toEqual({ created: 12, started: 10, submitted: 9, decided: 8 });
    expect(f.conversion).toEqual({ started: 10 / 12, submitted: 9 / 10, decided: 8 / 9 });
    expect(f.decisions).toEqual({ approved: 4, declined: 2, resubmission_requested: 1, review: 1, expired: 1, abandoned: 1 });
    expect(f.approvalRate).toBe(0.5);
    expect(f.declineRate).toBe(0.25);
    expect(f.resubmissionRate).toBe(0.125);
    expect(f.deciders).toEqual({ engine: 1, reviewer: 6, other: 1, automatedShare: 1 / 8 });
    expect(f.reasons.declined).toEqual([
      { code: 102, reason: "Suspected document tampering", count: 1 },
      { code: 504, reason: "Device screen used", count: 1 },
    ]);
    expect(f.reasons.resubmission_requested).toEqual([{ code: 204, reason: "Poor image quality", count: 2 }]);
    // Submission → decision of the 8 approvals, declines and resubmission requests: 30 50 60 80 120 240 300 600 s.
    expect(f.timeToDecision.count).toBe(8);
    expect(Math.abs(f.timeToDecision.p50Seconds! - 80) / 80).toBeLessThan(0.2);
    expect(Math.abs(f.timeToDecision.p90Seconds! - 600) / 600).toBeLessThan(0.2);
    // A reviewer's decisions (the review itself included): 50 80 100 120 240 300 600 s.
    expect(f.timeInReview.count).toBe(7);
    expect(Math.abs(f.timeInReview.p50Seconds! - 120) / 120).toBeLessThan(0.2);
    expect(f.reviewQueue).toEqual({ size: 2, oldestSubmittedAt: queueSince.toISOString(), oldestAgeSeconds: (20 * DAY - 2 * MIN) / 1000 });
    expect(f.series.map((p) => [p.date, p.created, p.approved, p.declined, p.resubmission_requested, p.inProgress, p.decided])).toEqual([
      ["2026-11-10", 10, 4, 2, 0, 1, 7],
      ["2026-11-11", 2, 0, 0, 1, 1, 1],
    ]);
    expect(f.byIntegration.map((i) => [i.name, i.created, i.decided, i.approvalRate])).toEqual([
      ["Live shop", 10, 6, 4 / 6],
      ["Sandbox", 2, 2, 0],
    ]);
  });

  it("filters by integration, environment and range; an empty range is zeros with nulls for rates", async () => {
    const live = await figures(`from=2026-11-10&to=2026-11-11&integration=${a.id}`);
    expect(live.funnel).toEqual({ created: 10, started: 8, submitted: 7, decided: 6 });
    expect(live.approvalRate).toBe(4 / 6);
    expect(live.reviewQueue.size).toBe(2);
    const sandbox = await figures("from=2026-11-10&to=2026-11-11&environment=test");
    expect(sandbox.funnel).toEqual({ created: 2, started: 2, submitted: 2, decided: 2 });
    expect(sandbox.reviewQueue.size).toBe(0);
    const day2 = await figures("from=2026-11-11&to=2026-11-11");
    expect(day2.funnel).toEqual({ created: 2, started: 1, submitted: 1, decided: 1 });
    // Whole months read the monthly histograms, the days around them the daily ones: the same percentiles.
    const days = await figures("from=2026-11-10&to=2026-11-11");
    for (const qs of ["from=2026-11-01&to=2026-11-30", "from=2026-10-15&to=2026-12-05"]) {
      const r = await figures(qs);
      expect(r.timeToDecision).toEqual(days.timeToDecision);
      expect(r.timeInReview).toEqual(days.timeInReview);
    }
    const empty = await figures("from=2025-01-01&to=2025-01-31");
    expect(empty.funnel).toEqual({ created: 0, started: 0, submitted: 0, decided: 0 });
    expect(empty.approvalRate).toBeNull();
    expect(empty.timeToDecision).toEqual({ p50Seconds: null, p90Seconds: null, count: 0 });
    expect(empty.series).toHaveLength(31);
  });

  it("refuses bad parameters naming the field", () => {
    const fieldOf = (qs: string) => {
      try {
        parseAnalyticsQuery(new URLSearchParams(qs));
        return "accepted";
      } catch (e) {
        return (e as { field?: string }).field;
      }
    };
    expect(fieldOf("to=2026-11-11")).toBe("from");
    expect(fieldOf("from=2026-02-30&to=2026-03-01")).toBe("from");
    expect(fieldOf("from=2026-11-12&to=2026-11-11")).toBe("to");
    expect(fieldOf("from=2020-01-01&to=2026-11-11")).toBe("to");
    expect(fieldOf("from=2026-11-10&to=2026-11-11&integration=nope")).toBe("integration");
    expect(fieldOf("from=2026-11-10&to=2026-11-11&environment=prod")).toBe("environment");
    expect(fieldOf("from=2026-11-10&to=2026-11-11&form=x")).toBe("form");
  });

  it("rebuild from the sessions equals the rollups kept incrementally", async () => {
    const incremental = await rollupRows(db.url);
    expect(incremental.days.length).toBe(4);
    expect(incremental.months.length).toBe(2);
    const r = await withTransaction((c) => rebuildRollups(c));
    expect(r).toEqual({ days: 4, sessions: 12 });
    expect(await rollupRows(db.url)).toEqual(incremental);
  });

  it("concurrent expiry sweepers over many days and a delete keep the rollups equal to a rebuild (no deadlock)", async () => {
    // 600 sessions over 30 days, the two integrations' interleaved (a sweeper's batch, in expiry
    // order, alternates between their rows), a third of them started.
    const base = new Date("2026-09-01T00:00:00Z");
    const ids = await Promise.all(Array.from({ length: 600 }, (_, i) => newSession(i % 2 ? a : b, at(base, Math.floor(i / 20) * DAY + i * 1000))));
    for (const id of ids.filter((_, i) => i % 3 === 0)) await to(id, "started", flow, at(base, 40 * DAY));
    const sweeps = await Promise.all(Array.from({ length: 6 }, () => expireSessions({ now: at(base, 60 * DAY), batchSize: 9 })));
    expect(sweeps.reduce((n, c) => n + c.expired + c.abandoned, 0)).toBe(600);
    await deleteSessionAsUser(ids[0], cliActor);
    const incremental = await rollupRows(db.url);
    await withTransaction((c) => rebuildRollups(c));
    expect(await rollupRows(db.url)).toEqual(incremental);
    const f = await figures("from=2026-09-01&to=2026-09-30");
    expect(f.funnel.created).toBe(599);
    expect(f.decisions.expired + f.decisions.abandoned).toBe(599);
  });

  describe("through GET /api/analytics on the real server", () => {
    let server: RunningServer;
    beforeAll(async () => {
      // The database's own secret (its API keys were written under it): the server refuses another.
      const secret = process.env.AUTH_SECRET!;
      await createUser({ email: "ada@example.com", name: "Ada Admin", role: "admin", password: "ada's password 1" }, cliActor);
      server = await startServer({ DATABASE_URL: db.url, AUTH_SECRET: secret, CHECKPOINT_BACKGROUND: "off" }, { apiOnly: false, timeoutMs: 120_000 });
    }, 180_000);
    afterAll(async () => {
      await server?.stop();
    });

    it("answers a signed-in reviewer with the same exact figures, refuses the signed out, names a bad field", async () => {
      const signedOut = await fetch(`${server.url}/api/analytics?from=2026-11-10&to=2026-11-11`);
      expect(signedOut.status).toBe(401);
      const rita = new AuthClient(server.url);
      expect(await rita.signIn("rita@example.com", "rita's password 1")).toBeNull();
      const res = await rita.fetch("/api/analytics?from=2026-11-10&to=2026-11-11");
      expect(res.status).toBe(200);
      const body = (await res.json()) as Analytics;
      expect(body.funnel).toEqual({ created: 12, started: 10, submitted: 9, decided: 8 });
      expect(body.decisions).toEqual({ approved: 4, declined: 2, resubmission_requested: 1, review: 1, expired: 1, abandoned: 1 });
      expect(body.approvalRate).toBe(0.5);
      expect(body.timeToDecision.p50Seconds).toBeGreaterThan(60);
      expect(body.series[0]).toMatchObject({ date: "2026-11-10", created: 10, approved: 4, declined: 2, resubmission_requested: 0 });
      const bad = await rita.fetch("/api/analytics?from=2026-11-10&to=yesterday");
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: "invalid_input", field: "to" });
      const ada = new AuthClient(server.url);
      expect(await ada.signIn("ada@example.com", "ada's password 1")).toBeNull();
      const scoped = (await (await ada.fetch(`/api/analytics?from=2026-11-10&to=2026-11-11&integration=${b.id}`)).json()) as Analytics;
      expect(scoped.funnel.created).toBe(2);
    });
  });

  it("an installation upgraded to the rollups gets its existing sessions folded in when the migration is applied", async () => {
    const before = await rollupRows(db.url);
    // The database as it was before the rollups' migration: no rollup tables, the migration not recorded.
    await query(db.url, `DROP TABLE analytics_daily, analytics_monthly, analytics_reasons`);
    await query(db.url, `ALTER TABLE decisions DROP COLUMN actor_type`);
    await query(db.url, `DELETE FROM _prisma_migrations WHERE migration_name = $1`, [ROLLUPS_MIGRATION]);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const m = await migrate(client);
      expect(m.applied).toEqual([ROLLUPS_MIGRATION]);
      const r = await backfillRollups(client, m.applied);
      const [{ n }] = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM verification_sessions`);
      expect(r).toEqual({ sessions: n });
      // Nothing more on the next start.
      expect(await backfillRollups(client, (await migrate(client)).applied)).toBeNull();
    } finally {
      await client.end();
    }
    // The same figures as before, but for the engine/reviewer split the dropped column carried.
    const after = await rollupRows(db.url);
    const counts = (rows: Record<string, unknown>[]) => rows.map((r) => [r.day, r.integration_id, r.created, r.started, r.submitted, r.decided, r.approved, r.declined]);
    expect(counts(after.days)).toEqual(counts(before.days));
    expect(after.reasons).toEqual(before.reasons);
  });
});
