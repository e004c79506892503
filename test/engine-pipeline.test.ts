import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, query, useDatabase, type TestDatabase } from "./support/db.ts";
import { perception, reading } from "./support/perception.ts";
import { closeDb, pool, withTransaction } from "../lib/db/index.ts";
import { createIntegration } from "../lib/integrations/create-integration.ts";
import { createSession } from "../lib/sessions/create-session.ts";
import { transitionSession } from "../lib/sessions/transition.ts";
import { decideSession } from "../lib/sessions/decide-session.ts";
import { parseCreateSession } from "../lib/validation/session.ts";
import { cliActor } from "../lib/audit/record.ts";
import { claimEngineJobs } from "../lib/engine/jobs.ts";
import { runEngineJob, type Analyse } from "../lib/engine/run-job.ts";
import { runDueJobs } from "../lib/engine/engine-worker.ts";
import { TEST_PANEL_HOLD_MS } from "../lib/engine/enqueue.ts";
import type { Perception } from "../lib/engine/types.ts";

const kind = (process.env.TEST_DB_KIND as "server" | "pglite") ?? "server";
const person = { firstName: "Anna", lastName: "Eriksson", dateOfBirth: "1974-08-12" };

describe(`engine pipeline on ${kind} (perception given)`, () => {
  let db: TestDatabase;
  let review: { id: string; plan: "self-serve"; rateCap: null };
  let noReview: { id: string; plan: "self-serve"; rateCap: null };
  let manual: { id: string; plan: "self-serve"; rateCap: null };

  beforeAll(async () => {
    db = await createDatabase(kind);
    useDatabase(db);
    process.env.APP_URL = "https://verify.example.com";
    const mk = async (name: string, extra: object) => ({ id: (await createIntegration({ name, environment: "live", decisionWebhookUrl: "https://hooks.example.com/d", ...extra }, cliActor)).id, plan: "self-serve" as const, rateCap: null });
    review = await mk("Auto with review", { autoDecide: true, reviewEnabled: true, engineSettings: { velocityMaxSessions: 50 } });
    noReview = await mk("Auto without review", { autoDecide: true, engineSettings: { velocityMaxSessions: 50 } });
    manual = await mk("Manual", {});
  });
  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  async function submitted(integration: { id: string; plan: "self-serve"; rateCap: null }, verification: object = { person }) {
    const s = await createSession(integration, parseCreateSession({ verification }), { source: "api" });
    await withTransaction((c) => transitionSession(c, { sessionId: s.id, integrationId: integration.id, to: "submitted", actor: { type: "api", label: "key" } }));
    return s.id;
  }
  const given = (p: Perception): Analyse => async () => p;
  async function runFor(sessionId: string, p: Perception) {
    const jobs = await claimEngineJobs(50);
    const job = jobs.find((j) => j.session_id === sessionId)!;
    expect(job, "a due job for the session").toBeTruthy();
    return runEngineJob(job, given(p));
  }
  const session = async (id: string) => (await query(db.url, `SELECT status, decision_code, reason_code FROM verification_sessions WHERE id = $1`, [id]))[0];

  it("writes a job with the submission only when automated decisions are on, and not when the submission rolls back", async () => {
    const on = await submitted(review);
    const off = await submitted(manual);
    expect(await query(db.url, `SELECT state, attempt_count FROM engine_jobs WHERE session_id = $1`, [on])).toEqual([{ state: "pending", attempt_count: 0 }]);
    expect(await query(db.url, `SELECT 1 FROM engine_jobs WHERE session_id = $1`, [off])).toEqual([]);
    const s = await createSession(review, parseCreateSession({ verification: {} }), { source: "api" });
    await expect(
      withTransaction(async (c) => {
        await transitionSession(c, { sessionId: s.id, to: "submitted", actor: { type: "api" } });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await query(db.url, `SELECT 1 FROM engine_jobs WHERE session_id = $1`, [s.id])).toEqual([]);
    await runFor(on, perception());
  });

  it("approves 9001 as actor engine, with what was read in the decision webhook and on the attempt", async () => {
    const id = await submitted(review, { person, vendorData: "user-1" });
    const r = await runFor(id, perception());
    expect(r.outcome).toBe("approved");
    expect(await session(id)).toEqual({ status: "approved", decision_code: 9001, reason_code: null });
    const [ev] = await query(db.url, `SELECT actor_type, actor_label FROM session_events WHERE session_id = $1 AND to_status = 'approved'`, [id]);
    expect(ev).toEqual({ actor_type: "engine", actor_label: "engine" });
    const [hook] = await query<{ body: string }>(db.url, `SELECT body FROM webhook_deliveries WHERE session_id = $1 AND kind = 'decision'`, [id]);
    const v = JSON.parse(hook.body).verification;
    expect(v.person).toMatchObject({ firstName: "ANNA MARIA", lastName: "ERIKSSON", dateOfBirth: "1974-08-12", yearOfBirth: "1974", gender: "F", nationality: "UTO", idNumber: "ZE184226B" });
    expect(v.document).toMatchObject({ type: "PASSPORT", number: "L898902C3", country: "UTO", validUntil: "2030-12-31" });
    expect(v.additionalVerifiedData).toEqual({ estimatedAge: 42 });
    const [job] = await query<{ state: string; outcome: string; report: { decision: { rule: string }; checks: { name: string }[] } }>(db.url, `SELECT state, outcome, report FROM engine_jobs WHERE session_id = $1`, [id]);
    expect(job).toMatchObject({ state: "done", outcome: "approved", report: { decision: { rule: "all_pass" } } });
    expect(job.report.checks.map((c) => c.name)).toEqual(expect.arrayContaining(["mrz", "document_validity.expiry", "consistency.name", "face.match", "duplicates.document", "duplicates.face"]));
  });

  it("expired → 9103/207; other name → 9102/104; bad check digits → 9102/102; blurred → 9103/204", async () => {
    const expired = await submitted(review);
    await runFor(expired, perception({ document: reading({ expiryDate: "2020-01-01" }) }));
    expect(await session(expired)).toMatchObject({ status: "resubmission_requested", decision_code: 9103, reason_code: 207 });

    const other = await submitted(review, { person: { firstName: "John", lastName: "Smith" } });
    await runFor(other, perception({ document: reading({ documentNumber: "X1234567" }) }));
    expect(await session(other)).toMatchObject({ status: "declined", decision_code: 9102, reason_code: 104 });

    const digits = await submitted(review);
    await runFor(digits, perception({ document: reading({ valid: false, documentNumber: "Y1234567" }), documentCheck: { result: "fail", reasonCode: 102 } }));
    expect(await session(digits)).toMatchObject({ status: "declined", reason_code: 102 });

    const blurred = await submitted(review);
    await runFor(blurred, perception({ document: null, quality: [{ name: "image_quality.document-front", result: "fail", score: 0.1, evidence: { summary: "Blurred (sharpness 12)" }, reasonCode: 204, ms: 1 }] }));
    expect(await session(blurred)).toMatchObject({ status: "resubmission_requested", reason_code: 204 });
  });

  it("the face band goes to review, or stays submitted for a reviewer when review is off", async () => {
    const a = await submitted(review);
    await runFor(a, perception({ similarity: 0.5, document: reading({ documentNumber: "B1" }) }));
    expect(await session(a)).toMatchObject({ status: "review", decision_code: 9121 });
    const b = await submitted(noReview);
    const r = await runFor(b, perception({ similarity: 0.5, document: reading({ documentNumber: "B2" }) }));
    expect(r.outcome).toBe("submitted");
    expect(await session(b)).toMatchObject({ status: "submitted", decision_code: null });
    const [job] = await query<{ state: string; report: { decision: { summary: string } } }>(db.url, `SELECT state, report FROM engine_jobs WHERE session_id = $1`, [b]);
    expect(job.state).toBe("done");
    expect(job.report.decision.summary).toContain("Face similarity 0.50, below 0.60.");
    // A reviewer still decides a session the engine put in review.
    await decideSession({ sessionId: a, decision: "approved", actor: { type: "user", label: "reviewer@example.com" } });
    expect((await session(a)).status).toBe("approved");
  });

  it("the same document under another identity is declined 110, with the other session in riskLabels", async () => {
    const first = await submitted(review, { person, vendorData: "u-1" });
    await runFor(first, perception({ document: reading({ documentNumber: "DUP123456" }) }));
    expect((await session(first)).status).toBe("approved");
    const second = await submitted(review, { person: { firstName: "Bob", lastName: "Other" }, vendorData: "u-2" });
    await runFor(second, perception({ document: reading({ documentNumber: "DUP123456", firstName: "BOB", lastName: "OTHER" }), selfieSeed: 99 }));
    expect(await session(second)).toMatchObject({ status: "declined", reason_code: 110 });
    const [hook] = await query<{ body: string }>(db.url, `SELECT body FROM webhook_deliveries WHERE session_id = $1 AND kind = 'decision'`, [second]);
    expect(JSON.parse(hook.body).verification.riskLabels).toEqual([{ label: "document_integration_level_crosslinked_with_other_identity", category: "document", sessionIds: [first] }]);
  });

  it("the same face under another identity is declined 108", async () => {
    const first = await submitted(review, { person });
    await runFor(first, perception({ document: reading({ documentNumber: "FACE00001" }), selfieSeed: 7 }));
    const second = await submitted(review, { person: { firstName: "Carl", lastName: "Else" } });
    await runFor(second, perception({ document: reading({ documentNumber: "FACE00002", firstName: "CARL", lastName: "ELSE" }), selfieSeed: 7 }));
    expect(await session(second)).toMatchObject({ status: "declined", reason_code: 108 });
  });

  it("two claimers never take the same job", async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => submitted(review)));
    const [a, b] = await Promise.all([claimEngineJobs(8), claimEngineJobs(8)]);
    const taken = [...a, ...b].map((j) => j.session_id).filter((s) => ids.includes(s));
    expect(new Set(taken).size).toBe(taken.length);
    expect(taken.sort()).toEqual([...ids].sort());
    // Finish them (one after another) so later tests start clean.
    for (const j of [...a, ...b]) await runEngineJob(j, given(perception({ document: reading({ documentNumber: `C${j.id.slice(0, 8)}` }) })));
  });

  it("a job whose lease ran out (a crashed worker) is taken again, and only the latest claim decides", async () => {
    const id = await submitted(review);
    const [crashed] = (await claimEngineJobs(50, { leaseMs: 1 })).filter((j) => j.session_id === id);
    await new Promise((r) => setTimeout(r, 20));
    const [retried] = (await claimEngineJobs(50)).filter((j) => j.session_id === id);
    expect(retried).toBeTruthy();
    expect(retried.attempt_count).toBe(2);
    const r = await runEngineJob(retried, given(perception({ document: reading({ documentNumber: "LEASE0001" }) })));
    expect(r, JSON.stringify(r.decision)).toMatchObject({ outcome: "approved" });
    // The first worker comes back: its claim no longer holds the job, so nothing is decided twice.
    expect(["lost", "cancelled"]).toContain((await runEngineJob(crashed, given(perception({ document: reading({ documentNumber: "LEASE0001" }) })))).outcome);
    expect(await query(db.url, `SELECT count(*)::int AS n FROM decisions WHERE session_id = $1`, [id])).toEqual([{ n: 1 }]);
  });

  it("a perception failure is retried, then given up with the session left submitted", async () => {
    const id = await submitted(review);
    const failing: Analyse = async () => {
      throw new Error("model exploded");
    };
    for (let i = 0; i < 3; i++) {
      await pool().query(`UPDATE engine_jobs SET run_after = now() WHERE session_id = $1`, [id]);
      const [job] = (await claimEngineJobs(50)).filter((j) => j.session_id === id);
      expect((await runEngineJob(job, failing)).outcome).toBe(i < 2 ? "retry" : "failed");
    }
    expect(await query(db.url, `SELECT state, last_error FROM engine_jobs WHERE session_id = $1`, [id])).toEqual([{ state: "failed", last_error: "model exploded" }]);
    expect((await session(id)).status).toBe("submitted");
  });

  it("a reviewer who decides first cancels the job; the engine then decides nothing", async () => {
    const id = await submitted(review);
    await decideSession({ sessionId: id, decision: "declined", reasonCode: 105, actor: { type: "user", label: "reviewer@example.com" } });
    expect(await query(db.url, `SELECT state FROM engine_jobs WHERE session_id = $1`, [id])).toEqual([{ state: "cancelled" }]);
    expect((await claimEngineJobs(50)).some((j) => j.session_id === id)).toBe(false);
  });

  it("a reviewer deciding while the engine works wins; the engine's result is dropped", async () => {
    const id = await submitted(review);
    const [job] = (await claimEngineJobs(50)).filter((j) => j.session_id === id);
    const slow: Analyse = async () => {
      await decideSession({ sessionId: id, decision: "approved", actor: { type: "user", label: "reviewer@example.com" } });
      return perception({ document: reading({ expiryDate: "2001-01-01", documentNumber: "SLOW00001" }) });
    };
    expect((await runEngineJob(job, slow)).outcome).toBe("lost");
    expect(await query(db.url, `SELECT status, decided_by FROM decisions WHERE session_id = $1`, [id])).toEqual([{ status: "approved", decided_by: "reviewer@example.com" }]);
  });

  it("a job whose integration turned automated decisions off meanwhile is not run", async () => {
    const i = await createIntegration({ name: "Turned off", environment: "live", autoDecide: true, reviewEnabled: true }, cliActor);
    const integration = { id: i.id, plan: "self-serve" as const, rateCap: null };
    const id = await submitted(integration);
    await pool().query(`UPDATE integrations SET auto_decide = false WHERE id = $1`, [i.id]);
    const [job] = (await claimEngineJobs(50)).filter((j) => j.session_id === id);
    expect((await runEngineJob(job, given(perception()))).outcome).toBe("cancelled");
    expect((await session(id)).status).toBe("submitted");
  });

  it("run-once processes every due job and stops", async () => {
    const ids = [await submitted(review), await submitted(review)];
    const results = await runDueJobs({ analyse: async () => perception({ document: reading({ documentNumber: `R${Math.random().toString(36).slice(2, 10).toUpperCase()}` }) }) });
    expect(results.map((r) => r.sessionId).sort()).toEqual(expect.arrayContaining(ids));
    expect(await runDueJobs({ analyse: async () => perception() })).toEqual([]);
  });

  it("a hosted-flow submission on a test integration waits for the TEST panel first", async () => {
    const t = await createIntegration({ name: "Test auto", environment: "test", autoDecide: true }, cliActor);
    const s = await createSession({ id: t.id, plan: "self-serve" as const, rateCap: null }, parseCreateSession({ verification: {} }), { source: "api" });
    await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "started", actor: { type: "end_user" } }));
    await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "submitted", actor: { type: "end_user", label: "hosted flow" } }));
    const [job] = await query<{ wait: number }>(db.url, `SELECT extract(epoch FROM run_after - created_at) * 1000 AS wait FROM engine_jobs WHERE session_id = $1`, [s.id]);
    expect(Number(job.wait)).toBeGreaterThan(TEST_PANEL_HOLD_MS - 2000);
    expect((await claimEngineJobs(50)).some((j) => j.session_id === s.id)).toBe(false);
    await decideSession({ sessionId: s.id, decision: "approved", actor: { type: "end_user", label: "test panel" } });
    expect(await query(db.url, `SELECT state FROM engine_jobs WHERE session_id = $1`, [s.id])).toEqual([{ state: "cancelled" }]);
  });
});
