import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, setEnv, useDatabase, query, type TestDatabase } from "./support/db.ts";
import { closeDb, withTransaction } from "../lib/db/index.ts";
import { createIntegration } from "../lib/integrations/create-integration.ts";
import { createSession } from "../lib/sessions/create-session.ts";
import { transitionSession } from "../lib/sessions/transition.ts";
import { parseCreateSession } from "../lib/validation/session.ts";
import { cliActor } from "../lib/audit/record.ts";
import { STATUS_COUNT_CAP, countSessionsByStatus, listSessions } from "../lib/sessions/list-sessions.ts";
import { parseListParams, type ListParams } from "../lib/sessions/list-params.ts";
import { decideAsUser, deleteSessionAsUser, nextInReviewQueue } from "../lib/sessions/portal-actions.ts";
import { resendDelivery } from "../lib/webhooks/resend.ts";
import { seedSessions } from "../lib/sessions/seed-sessions.ts";
import { newestValidKey } from "../lib/keys/signing-key.ts";

const kind = (process.env.TEST_DB_KIND as "server" | "pglite") ?? "server";
const P = (qs: string) => parseListParams(new URLSearchParams(qs));
const endUser = "5f0b7a1e-8a43-4b8e-9d6a-0c1f2e3d4a5b";

describe(`list-sessions on ${kind}`, () => {
  let db: TestDatabase;
  let live: string, test: string;
  const ids: Record<string, string> = {};
  const actor = { type: "cli" as const, label: "cli" };
  const move = (id: string, ...steps: [string, number?][]) =>
    withTransaction(async (c) => {
      for (const [to, reasonCode] of steps) await transitionSession(c, { sessionId: id, to: to as "started", reasonCode, actor });
    });

  beforeAll(async () => {
    db = await createDatabase(kind);
    useDatabase(db);
    setEnv({ APP_URL: "https://verify.example.com" });
    live = (await createIntegration({ name: "Live shop", environment: "live", plan: "enterprise", reviewEnabled: true, decisionWebhookUrl: "https://hooks.example.com/d" }, cliActor)).id;
    test = (await createIntegration({ name: "Sandbox", environment: "test", plan: "enterprise" }, cliActor)).id;
    const t0 = Date.parse("2026-10-01T12:00:00.000Z");
    const people: [string, string, string, string, string | null][] = [
      // key, integration, first, last, endUserId
      ["a", "live", "Sarah", "Morgan", endUser],
      ["b", "live", "Sam", "Okafor", null],
      ["c", "test", "Anna", "Tamm", null],
      ["d", "live", "Ben", "50%_off", null],
      ["e", "live", "Sarah", "Lee", null],
      ["f", "test", "Carla", "Rossi", null],
      ["g", "live", "Grace", "Kim", null],
    ];
    let i = 0;
    for (const [key, integ, firstName, lastName, endUserId] of people) {
      const data = parseCreateSession({ verification: { vendorData: `vd-${key}`, endUserId, person: { firstName, lastName } } });
      const s = await createSession({ id: integ === "live" ? live : test, plan: "enterprise", rateCap: null }, data, { source: "api", now: new Date(t0 + i++ * 86_400_000) });
      ids[key] = s.id;
    }
    await move(ids.a, ["started"], ["submitted"], ["approved"]);
    await move(ids.b, ["submitted"], ["declined", 102]);
    await move(ids.c, ["submitted"]);
    await move(ids.d, ["submitted"], ["resubmission_requested", 204], ["started"], ["submitted"]);
    await move(ids.e, ["started"]);
    await move(ids.g, ["submitted"], ["review"]);
  });
  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  const keysOf = async (p: ListParams, limit?: number) => {
    const page = await listSessions(p, limit);
    const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    return page.rows.map((r) => byId[r.id]).join("");
  };

  it("orders newest first by default and oldest first on request, with the row's fields", async () => {
    expect(await keysOf(P(""))).toBe("gfedcba");
    expect(await keysOf(P("sort=asc"))).toBe("abcdefg");
    const [row] = (await listSessions(P("q=vd-b"))).rows;
    expect(row).toMatchObject({ id: ids.b, integrationName: "Live shop", environment: "live", status: "declined", firstName: "Sam", lastName: "Okafor", vendorData: "vd-b", decisionCode: 9102, reasonCode: 102, reason: "Suspected document tampering" });
    expect(row.createdAt).toBe("2026-10-02T12:00:00.000Z");
  });

  it("filters by status (one or many), decision, integration and created range", async () => {
    expect(await keysOf(P("status=submitted"))).toBe("dc");
    expect(await keysOf(P("status=submitted,approved,created"))).toBe("fdca");
    expect(await keysOf(P("status=submitted,approved,created&sort=asc"))).toBe("acdf");
    expect(await keysOf(P("decision=declined"))).toBe("b");
    expect(await keysOf(P("decision=none"))).toBe("fec");
    expect(await keysOf(P("decision=resubmission_requested"))).toBe("d"); // resubmitted, now submitted again
    expect(await keysOf(P("decision=approved,review"))).toBe("ga");
    expect(await keysOf(P("status=submitted&decision=none"))).toBe("c");
    expect(await keysOf(P("status=approved&decision=declined"))).toBe("");
    expect(await keysOf(P("status=approved,declined&decision=declined"))).toBe("b");
    expect(await keysOf(P(`integration=${test}`))).toBe("fc");
    expect(await keysOf(P(`integration=${live}&status=submitted`))).toBe("d");
    expect(await keysOf(P("from=2026-10-02&to=2026-10-04"))).toBe("dcb");
  });

  it("finds a person by any part of the name, case and accents aside", async () => {
    expect(await keysOf(P("q=morgan"))).toBe("a");
    expect(await keysOf(P("q=MORG"))).toBe("a");
    expect(await keysOf(P("q=Mórgan"))).toBe("a");
    expect(await keysOf(P("q=okafor&status=declined"))).toBe("b");
    expect(await keysOf(P("q=sarah lee"))).toBe("e");
    expect(await keysOf(P("q=lee sarah"))).toBe("");
    const data = parseCreateSession({ verification: { vendorData: "vd-accent", person: { firstName: "José", lastName: "Ramírez-Díaz" } } });
    const s = await createSession({ id: test, plan: "enterprise", rateCap: null }, data, { source: "api", now: new Date("2026-10-21T12:00:00.000Z") });
    try {
      for (const q of ["jose", "ramirez", "DIAZ", "José Ramírez", "díaz"]) expect((await listSessions(P(`q=${encodeURIComponent(q)}`))).rows.map((r) => r.id), q).toEqual([s.id]);
    } finally {
      await query(db.url, `DELETE FROM verification_sessions WHERE id = $1`, [s.id]);
    }
  });

  it("searches by full session id, vendorData, endUserId and name prefix, never as a pattern", async () => {
    expect(await keysOf(P(`q=${ids.e}`))).toBe("e");
    expect(await keysOf(P(`q=${ids.e.toUpperCase()}`))).toBe("e");
    expect(await keysOf(P(`q=${endUser}`))).toBe("a");
    expect(await keysOf(P("q=vd-f"))).toBe("f");
    expect(await keysOf(P("q=sa"))).toBe("eba");
    expect(await keysOf(P("q=SARAH"))).toBe("ea");
    expect(await keysOf(P("q=sarah morgan"))).toBe("a");
    expect(await keysOf(P("q=organ"))).toBe("");
    expect(await keysOf(P("q=ben 50%_"))).toBe("d");
    expect(await keysOf(P("q=%"))).toBe("");
    expect(await keysOf(P("q=sa&status=approved"))).toBe("a");
    expect(await keysOf(P("q=sa&status=approved,started"))).toBe("ea");
    expect(await keysOf(P("q=sa&status=approved,started,declined"))).toBe("eba");
    expect(await keysOf(P("q=sarah&decision=approved,none"))).toBe("ea");
  });

  it("lists a session once when its vendorData is also the text a name starts with", async () => {
    const data = parseCreateSession({ verification: { vendorData: "sarah", person: { firstName: "Sarah", lastName: "Vendor" } } });
    const s = await createSession({ id: test, plan: "enterprise", rateCap: null }, data, { source: "api", now: new Date("2026-10-20T12:00:00.000Z") });
    try {
      for (const qs of ["q=sarah", "q=Sarah&status=created", "q=sarah&status=created,started,submitted"]) {
        const rows = (await listSessions(P(qs))).rows.map((r) => r.id);
        expect(rows.filter((id) => id === s.id), qs).toHaveLength(1);
      }
      expect((await listSessions(P("q=sarah"))).rows.map((r) => r.id)).toEqual([s.id, ids.e, ids.a]);
    } finally {
      await query(db.url, `DELETE FROM verification_sessions WHERE id = $1`, [s.id]);
    }
  });

  it("pages with a keyset cursor in both directions without gaps or repeats", async () => {
    for (const [qs, all] of [["", "gfedcba"], ["sort=asc", "abcdefg"], ["status=submitted,approved,declined,review", "gdcba"]] as const) {
      let seen = "";
      let p = P(qs);
      for (let n = 0; n < 10; n++) {
        const page = await listSessions(p, 2);
        seen += await keysOf(p, 2);
        if (!page.nextCursor) break;
        p = { ...p, cursor: page.nextCursor };
      }
      expect(seen, qs).toBe(all);
    }
  });

  it("counts per status within the integration and date filters", async () => {
    const all = await countSessionsByStatus({});
    expect(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.count]))).toEqual({ created: 1, started: 1, submitted: 2, approved: 1, declined: 1, resubmission_requested: 0, expired: 0, abandoned: 0, review: 1 });
    expect(all.submitted.capped).toBe(false);
    const t = await countSessionsByStatus({ integration: test });
    expect(t.submitted.count + t.created.count).toBe(2);
    expect((await countSessionsByStatus({ from: "2026-10-07", to: "2026-10-07" })).review.count).toBe(1);
  });

  it("review queue: oldest submitted or in-review session of a live integration; decide, resend and delete with audit rows", async () => {
    // d was submitted, g put in review (both live; c is submitted on a test integration).
    expect(await nextInReviewQueue()).toEqual({ id: ids.d, status: "submitted", waiting: 2, testWaiting: 1 });
    expect(await nextInReviewQueue([ids.d])).toEqual({ id: ids.g, status: "review", waiting: 2, testWaiting: 1 });
    // Test integrations' sessions on request: alone, or with the live ones (oldest first).
    expect(await nextInReviewQueue([], { environment: "test" })).toEqual({ id: ids.c, status: "submitted", waiting: 1, testWaiting: 1 });
    expect(await nextInReviewQueue([], { environment: "all" })).toMatchObject({ id: ids.c, waiting: 3 });
    expect((await nextInReviewQueue([ids.d, ids.g])).id).toBeNull();
    const [user] = await query<{ id: string }>(db.url, `INSERT INTO users (email, name, role, password_hash) VALUES ('r@x.test', 'R', 'reviewer', 'x') RETURNING id`);
    const who = { id: user.id, label: "r@x.test", name: "Rita Reviewer" };
    await expect(decideAsUser({ sessionId: ids.d, decision: "declined", actor: who })).rejects.toThrow(/reason code/);
    const r = await decideAsUser({ sessionId: ids.d, decision: "declined", reasonCode: 105, actor: who });
    expect(r).toMatchObject({ from: "submitted", to: "declined", reasonCode: 105 });
    const [d] = await query(db.url, `SELECT decided_by_id, decided_by FROM decisions WHERE session_id = $1 ORDER BY created_at DESC LIMIT 1`, [ids.d]);
    expect(d).toEqual({ decided_by_id: user.id, decided_by: "r@x.test" });
    expect(await nextInReviewQueue()).toEqual({ id: ids.g, status: "review", waiting: 1, testWaiting: 1 });
    expect(await decideAsUser({ sessionId: ids.g, decision: "approved", actor: who })).toMatchObject({ from: "review", to: "approved" });
    expect(await nextInReviewQueue()).toEqual({ id: null, status: null, waiting: 0, testWaiting: 1 });

    const [hook] = await query<{ id: string }>(db.url, `SELECT id FROM webhook_deliveries WHERE session_id = $1 AND kind = 'decision'`, [ids.d]);
    await query(db.url, `UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = now() + interval '1 day' WHERE id = $1`, [hook.id]);
    await resendDelivery(hook.id, who);
    const [after] = await query(db.url, `SELECT state, next_attempt_at <= now() AS due FROM webhook_deliveries WHERE id = $1`, [hook.id]);
    expect(after).toEqual({ state: "pending", due: true });

    await deleteSessionAsUser(ids.d, who);
    expect(await query(db.url, `SELECT 1 FROM attempts WHERE session_id = $1`, [ids.d])).toHaveLength(0);
    const audit = await query<{ action: string }>(db.url, `SELECT action FROM audit_logs WHERE actor_id = $1 ORDER BY id`, [user.id]);
    expect(audit.map((a) => a.action)).toEqual(["session.decide", "session.decide", "webhook.resend", "session.delete"]);
    await expect(deleteSessionAsUser(ids.d, who)).rejects.toThrow(/not found/);
  });

  it("picks the newest key that is still valid, including one in its rotation grace period", async () => {
    const newestValidApiKey = async (integrationId: string) => (await newestValidKey(integrationId))?.id ?? null;
    const [first] = await query<{ id: string }>(db.url, `SELECT id FROM api_keys WHERE integration_id = $1`, [live]);
    expect(await newestValidApiKey(live)).toBe(first.id);
    const [newer] = await query<{ id: string }>(db.url, `INSERT INTO api_keys (integration_id, secret_ciphertext, secret_hint, created_at, revoked_at) VALUES ($1, 'x', 'abcd', now() + interval '1 second', now() + interval '1 hour') RETURNING id`, [live]);
    expect(await newestValidApiKey(live)).toBe(newer.id);
    await query(db.url, `UPDATE api_keys SET revoked_at = now() - interval '1 second' WHERE integration_id = $1`, [live]);
    expect(await newestValidApiKey(live)).toBeNull();
  });

  it("seeds realistic sessions in bulk", async () => {
    const before = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM verification_sessions`);
    await seedSessions(2500, { integrationIds: [test], batch: 1000 });
    const [s] = await query<{ n: number; statuses: number; named: number; attempts: number }>(
      db.url,
      `SELECT count(*)::int AS n, count(DISTINCT status)::int AS statuses, count(person_name)::int AS named,
              (SELECT count(*)::int FROM attempts a JOIN verification_sessions v ON v.id = a.session_id WHERE v.vendor_data LIKE 'seed-%') AS attempts
         FROM verification_sessions WHERE vendor_data LIKE 'seed-%'`,
    );
    expect(s).toEqual({ n: 2500, statuses: 9, named: 2500, attempts: 2500 });
    // Half are approved: past the cap, the count stops there and says so.
    const counts = await countSessionsByStatus({ integration: test });
    expect(counts.approved).toEqual({ count: STATUS_COUNT_CAP, capped: true });
    expect(counts.review.capped).toBe(false);
    expect((await listSessions(P(`integration=${test}&decision=declined`))).rows.every((r) => r.decisionCode === 9102 && r.reasonCode !== null)).toBe(true);
    expect(before[0].n).toBe(6);
  });
});
