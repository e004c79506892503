import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, useDatabase, query, type TestDatabase } from "./support/db.ts";
import { closeDb, withTransaction } from "../lib/db/index.ts";
import { createIntegration } from "../lib/integrations/create-integration.ts";
import { createSession } from "../lib/sessions/create-session.ts";
import { transitionSession } from "../lib/sessions/transition.ts";
import { decideSession } from "../lib/sessions/decide-session.ts";
import { expireSessions } from "../lib/sessions/expire-sessions.ts";
import { parseCreateSession } from "../lib/validation/session.ts";
import { cliActor } from "../lib/audit/record.ts";

const DAY = 24 * 60 * 60 * 1000;
const kind = (process.env.TEST_DB_KIND as "server" | "pglite") ?? "server";

describe(`expiry sweeper and resubmission limit on ${kind}`, () => {
  let db: TestDatabase;
  let integration: { id: string; plan: "enterprise"; rateCap: number };
  const user = { type: "end_user" as const };
  const to = (id: string, status: Parameters<typeof transitionSession>[1]["to"], extra: { reasonCode?: number; now?: Date } = {}) =>
    withTransaction((c) => transitionSession(c, { sessionId: id, to: status, actor: user, ...extra }));
  const newSession = async (createdAt: Date) => (await createSession(integration, parseCreateSession({ verification: {} }), { source: "api", now: createdAt })).id;

  beforeAll(async () => {
    db = await createDatabase(kind);
    useDatabase(db);
    const created = await createIntegration({ name: "Sweep", environment: "live", plan: "enterprise", decisionWebhookUrl: "https://hooks.example.com/d" }, cliActor);
    integration = { id: created.id, plan: "enterprise", rateCap: 100_000 };
  });
  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("expires created, abandons started and unanswered resubmission requests, after 7 days only (injected clock)", async () => {
    const t0 = new Date(Date.now() - 10 * DAY);
    const created = await newSession(t0);
    const started = await newSession(t0);
    await to(started, "started", { now: t0 });
    const resub = await newSession(t0);
    await to(resub, "started", { now: t0 });
    await to(resub, "submitted", { now: t0 });
    await decideSession({ sessionId: resub, decision: "resubmission_requested", reasonCode: 204, actor: { type: "cli" } });
    const submitted = await newSession(t0);
    await to(submitted, "submitted", { now: t0 });
    const young = await newSession(new Date(t0.getTime() + 5 * DAY));

    // Six days in: nothing is due yet.
    expect(await expireSessions({ now: new Date(t0.getTime() + 6 * DAY) })).toEqual({ expired: 0, abandoned: 0 });
    const sweepAt = new Date(t0.getTime() + 7 * DAY + 1000);
    expect(await expireSessions({ now: sweepAt })).toEqual({ expired: 1, abandoned: 2 });
    // Idempotent: a second run has nothing to do.
    expect(await expireSessions({ now: sweepAt })).toEqual({ expired: 0, abandoned: 0 });

    const rows = await query<{ id: string; status: string; decision_code: number | null }>(db.url, `SELECT id, status, decision_code FROM verification_sessions WHERE id = ANY($1)`, [
      [created, started, resub, submitted, young],
    ]);
    const by = Object.fromEntries(rows.map((r) => [r.id, [r.status, r.decision_code]]));
    expect(by[created]).toEqual(["expired", 9104]);
    expect(by[started]).toEqual(["abandoned", 9104]);
    expect(by[resub]).toEqual(["abandoned", 9104]);
    expect(by[submitted]).toEqual(["submitted", null]);
    expect(by[young]).toEqual(["created", null]);

    const [ev] = await query<{ actor_type: string; code: number; created_at: Date }>(db.url, `SELECT actor_type, code, created_at FROM session_events WHERE session_id = $1 AND to_status = 'expired'`, [created]);
    expect(ev.actor_type).toBe("system");
    expect(ev.code).toBe(9104);
    expect(new Date(ev.created_at).getTime()).toBe(sweepAt.getTime());
    const hooks = await query<{ body: string }>(db.url, `SELECT body FROM webhook_deliveries WHERE session_id = $1 AND kind = 'decision'`, [created]);
    expect(JSON.parse(hooks[0].body).verification).toMatchObject({ status: "expired", code: 9104 });
  });

  it("two sweepers at once end every session exactly once", async () => {
    const t0 = new Date(Date.now() - 9 * DAY);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const id = await newSession(t0);
      if (i % 2) await to(id, "started", { now: t0 });
      ids.push(id);
    }
    const [a, b] = await Promise.all([expireSessions({ batchSize: 7 }), expireSessions({ batchSize: 7 })]);
    expect(a.expired + b.expired).toBe(20);
    expect(a.abandoned + b.abandoned).toBe(20);
    const [n] = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM session_events WHERE session_id = ANY($1) AND code = 9104`, [ids]);
    expect(n.n).toBe(40);
    const [d] = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM decisions WHERE session_id = ANY($1)`, [ids]);
    expect(d.n).toBe(40);
  });

  it("allows 9 resubmissions; a resubmission asked of the 10th attempt declines with 539", async () => {
    const id = await newSession(new Date());
    await to(id, "started");
    for (let attempt = 1; attempt <= 9; attempt++) {
      await to(id, "submitted");
      const r = await decideSession({ sessionId: id, decision: "resubmission_requested", reasonCode: 614, actor: { type: "cli" } });
      expect(r.to).toBe("resubmission_requested");
      const again = await to(id, "started");
      expect(again.from).toBe("resubmission_requested");
    }
    const [s] = await query<{ attempt_count: number }>(db.url, `SELECT attempt_count FROM verification_sessions WHERE id = $1`, [id]);
    expect(s.attempt_count).toBe(10);
    await to(id, "submitted");
    const last = await decideSession({ sessionId: id, decision: "resubmission_requested", reasonCode: 614, actor: { type: "cli" } });
    expect(last).toMatchObject({ to: "declined", code: 9102, reasonCode: 539 });
    await expect(to(id, "started")).rejects.toThrow(/Cannot transition/);
    const [att] = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM attempts WHERE session_id = $1`, [id]);
    expect(att.n).toBe(10);
  });
});
