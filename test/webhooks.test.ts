import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, setEnv, useDatabase, query, type TestDatabase } from "./support/db.ts";
import { startReceiver } from "./support/receiver.ts";
import { startServer } from "./support/server.ts";
import { closeDb, pool, withTransaction } from "../lib/db/index.ts";
import { createIntegration, type CreatedIntegration } from "../lib/integrations/create-integration.ts";
import { createSession } from "../lib/sessions/create-session.ts";
import { RESUBMISSION_HOLD_MS, transitionSession } from "../lib/sessions/transition.ts";
import { decideSession } from "../lib/sessions/decide-session.ts";
import { parseCreateSession } from "../lib/validation/session.ts";
import { enqueueWebhook } from "../lib/webhooks/enqueue.ts";
import { claimDeliveries, retryDelayMs, startWebhookWorker, type WebhookWorker } from "../lib/webhooks/deliver.ts";
import { verifySignature } from "../lib/webhooks/sign.ts";
import { cliActor } from "../lib/audit/record.ts";
import { resendDelivery } from "../lib/webhooks/resend.ts";


const kind = (process.env.TEST_DB_KIND as "server" | "pglite") ?? "server";

describe(`webhook delivery on ${kind}`, () => {
  let db: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let integration: CreatedIntegration;
  const workers: WebhookWorker[] = [];
  const worker = (opts: Parameters<typeof startWebhookWorker>[0] = {}) => {
    const w = startWebhookWorker({ idleMs: 20, ...opts });
    workers.push(w);
    return w;
  };
  const stopWorkers = async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  };
  const enqueue = (body: unknown, url = `${receiver.url}/hook`) =>
    withTransaction((c) => enqueueWebhook(c, { integrationId: integration.id, sessionId: null, kind: "test", url, body }));
  const deliveries = (ids: string[]) =>
    query<{ id: string; state: string; attempt_count: number; next_attempt_at: Date; last_status_code: number | null }>(
      db.url,
      `SELECT id, state, attempt_count, next_attempt_at, last_status_code FROM webhook_deliveries WHERE id = ANY($1) ORDER BY created_at`,
      [ids],
    );

  beforeAll(async () => {
    setEnv({ CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true" });
    db = await createDatabase(kind);
    useDatabase(db);
    receiver = await startReceiver();
    integration = await createIntegration(
      { name: "Hooks", environment: "live", plan: "enterprise", decisionWebhookUrl: `${receiver.url}/decision`, eventWebhookUrl: `${receiver.url}/event` },
      cliActor,
    );
  });
  afterAll(async () => {
    await stopWorkers();
    await receiver.close();
    await closeDb();
    await db.drop();
  });

  it("delivers the event and decision webhooks of a lifecycle, signed with the integration's key", async () => {
    receiver.received.length = 0;
    const s = await createSession({ id: integration.id, plan: "enterprise", rateCap: null }, parseCreateSession({ verification: { vendorData: "hook-1" } }));
    await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "started", actor: { type: "end_user" } }));
    await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "submitted", actor: { type: "end_user" } }));
    await decideSession({ sessionId: s.id, decision: "approved", actor: { type: "cli" } });
    worker();
    await receiver.waitFor(3);
    await stopWorkers();
    const byPath = (p: string) => receiver.received.filter((r) => r.path === p);
    expect(byPath("/event").map((r) => JSON.parse(r.body).code).sort()).toEqual([7001, 7002]);
    const [decision] = byPath("/decision");
    expect(JSON.parse(decision.body)).toMatchObject({ status: "success", verification: { id: s.id, status: "approved", code: 9001, vendorData: "hook-1" } });
    for (const r of receiver.received) {
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["x-auth-client"]).toBe(integration.apiKey);
      expect(r.headers["x-hmac-signature"]).toMatch(/^[0-9a-f]{64}$/);
      expect(verifySignature(r.body, integration.sharedSecret, String(r.headers["x-hmac-signature"]))).toBe(true);
    }
    // The exact stored body is what was signed and sent.
    const stored = await query<{ body: string; state: string }>(db.url, `SELECT body, state FROM webhook_deliveries WHERE session_id = $1 AND kind = 'decision'`, [s.id]);
    expect(stored[0]).toEqual({ body: decision.body, state: "delivered" });
    const attempts = await query<{ status_code: number; duration_ms: number; response_excerpt: string; request_headers: Record<string, string> }>(
      db.url,
      `SELECT a.status_code, a.duration_ms, a.response_excerpt, a.request_headers FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.session_id = $1`,
      [s.id],
    );
    expect(attempts).toHaveLength(3);
    expect(attempts[0]).toMatchObject({ status_code: 200, response_excerpt: "ok" });
    expect(attempts[0].request_headers["x-auth-client"]).toBe(integration.apiKey);
    expect(JSON.stringify(attempts[0].request_headers)).not.toContain(integration.sharedSecret);
  });

  it("holds a resubmission request from the hosted flow 5 minutes, cancels it when the person retries, sends the API's at once", async () => {
    const t0 = new Date("2026-11-29T12:00:00.000Z");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const decisionRows = (sessionId: string) =>
      query<{ state: string; next_attempt_at: Date; status: string; last_error: string | null }>(
        db.url,
        `SELECT state, next_attempt_at, body::jsonb -> 'verification' ->> 'status' AS status, last_error FROM webhook_deliveries WHERE session_id = $1 AND kind = 'decision' ORDER BY created_at`,
        [sessionId],
      );
    const submitted = async (actor: "end_user" | "api", vendorData: string) => {
      const s = await createSession({ id: integration.id, plan: "enterprise", rateCap: null }, parseCreateSession({ verification: { vendorData } }));
      if (actor === "end_user") await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "started", actor: { type: "end_user" }, now: t0 }));
      await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "submitted", actor: { type: actor }, now: t0 }));
      await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "resubmission_requested", reasonCode: 201, actor: { type: "cli" }, now: t0 }));
      return s.id;
    };

    // Flow: held until t0 + 5 min; the person retries at t0 + 2 min, so it is never sent.
    const retried = await submitted("end_user", "hold-retried");
    expect(await decisionRows(retried)).toMatchObject([{ state: "pending", next_attempt_at: at(RESUBMISSION_HOLD_MS), status: "resubmission_requested" }]);
    await withTransaction((c) => transitionSession(c, { sessionId: retried, to: "started", actor: { type: "end_user" }, now: at(2 * 60_000) }));
    await withTransaction((c) => transitionSession(c, { sessionId: retried, to: "submitted", actor: { type: "end_user" }, now: at(3 * 60_000) }));
    await withTransaction((c) => transitionSession(c, { sessionId: retried, to: "approved", actor: { type: "cli" }, now: at(4 * 60_000) }));
    const rows = await decisionRows(retried);
    expect(rows.map((r) => [r.status, r.state])).toEqual([["resubmission_requested", "cancelled"], ["approved", "pending"]]);
    expect(rows[0].last_error).toMatch(/retried in the flow/);

    // Flow, no retry: due at t0 + 5 min, and a later event of another session cancels nothing.
    const waited = await submitted("end_user", "hold-waited");
    expect(await decisionRows(waited)).toMatchObject([{ state: "pending", next_attempt_at: at(RESUBMISSION_HOLD_MS), last_error: null }]);
    // API-uploaded attempt: due at once.
    const api = await submitted("api", "hold-api");
    const [apiRow] = await decisionRows(api);
    expect(apiRow.state).toBe("pending");
    expect(apiRow.next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    // Keep the outbox to the other tests' rows.
    await query(db.url, `DELETE FROM webhook_deliveries WHERE session_id = ANY($1)`, [[retried, waited, api]]);
  });

  it("retries with backoff through a receiver outage and delivers when it is back (injected clock)", async () => {
    receiver.received.length = 0;
    receiver.state.status = 503;
    const id = await enqueue({ outage: true });
    let clock = Date.now() + 1000;
    const now = () => new Date(clock);
    worker({ now });
    await receiver.waitFor(1);
    await new Promise((r) => setTimeout(r, 150));
    let [d] = await deliveries([id]);
    expect(d).toMatchObject({ state: "pending", attempt_count: 1, last_status_code: 503 });
    expect(new Date(d.next_attempt_at).getTime() - clock).toBeGreaterThanOrEqual(retryDelayMs(1) - 1000);
    // Not due yet: nothing more is sent.
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received).toHaveLength(1);

    // Receiver down entirely (connection refused), 31 s later.
    receiver.state.status = 200;
    const portBackup = receiver.port;
    await receiver.close();
    clock += 31_000;
    await new Promise((r) => setTimeout(r, 300));
    [d] = await deliveries([id]);
    expect(d).toMatchObject({ state: "pending", attempt_count: 2, last_status_code: null });
    expect(new Date(d.next_attempt_at).getTime() - clock).toBeGreaterThanOrEqual(retryDelayMs(2) - 1000);
    const [a2] = await query<{ error: string }>(db.url, `SELECT error FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id DESC LIMIT 1`, [id]);
    expect(a2.error).toMatch(/ECONNREFUSED/);

    receiver = await startReceiver({ port: portBackup });
    clock += 61_000;
    await receiver.waitFor(1);
    await stopWorkers();
    [d] = await deliveries([id]);
    expect(d).toMatchObject({ state: "delivered", attempt_count: 3, last_status_code: 200 });
    const [n] = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM webhook_attempts WHERE delivery_id = $1`, [id]);
    expect(n.n).toBe(3);
  });

  it("marks a delivery failed once the 7-day horizon has passed, and a resend tries it again", async () => {
    receiver.received.length = 0;
    receiver.state.status = 500;
    const id = await enqueue({ horizon: true });
    await pool().query(`UPDATE webhook_deliveries SET created_at = now() - interval '7 days' + interval '10 seconds' WHERE id = $1`, [id]);
    worker();
    await receiver.waitFor(1);
    await stopWorkers();
    let [d] = await deliveries([id]);
    expect(d).toMatchObject({ state: "failed", attempt_count: 1, last_status_code: 500 });

    receiver.state.status = 200;
    await expect(resendDelivery(id, cliActor)).resolves.toBeUndefined();
    await expect(resendDelivery("00000000-0000-4000-8000-000000000000", cliActor)).rejects.toThrow(/does not exist/);
    worker();
    await receiver.waitFor(2);
    await stopWorkers();
    [d] = await deliveries([id]);
    expect(d).toMatchObject({ state: "delivered", attempt_count: 2 });
    expect(receiver.received[1].body).toBe(receiver.received[0].body);
  });

  // A resend while an attempt is in flight (its lease live) must not start a second, parallel
  // POST of the same delivery: the in-flight attempt is the resend's.
  // The session page's and the delivery log's resend buttons both call lib/webhooks/resend.ts.
  {
    const name = "the portal";
    const resend = resendDelivery;
    it(`a resend from ${name} while an attempt is in flight does not deliver the webhook twice`, async () => {
      receiver.received.length = 0;
      receiver.state.status = 200;
      receiver.state.delayMs = 1500;
      try {
        const id = await enqueue({ inflight: name });
        worker();
        await receiver.waitFor(1);
        const [leased] = await query<{ leased: boolean }>(db.url, `SELECT locked_until > now() AS leased FROM webhook_deliveries WHERE id = $1`, [id]);
        expect(leased.leased).toBe(true);
        await resend(id, { label: "admin@example.com" });
        // Long enough for the worker's idle polls to claim the row again if the lease was dropped.
        await new Promise((r) => setTimeout(r, 800));
        expect(receiver.received).toHaveLength(1);
        // The in-flight attempt ends and is recorded; nothing else is sent.
        const end = Date.now() + 10_000;
        while ((await deliveries([id]))[0].state !== "delivered" && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
        await new Promise((r) => setTimeout(r, 300));
        await stopWorkers();
        expect(receiver.received.filter((r) => r.body.includes(name))).toHaveLength(1);
        expect((await deliveries([id]))[0]).toMatchObject({ state: "delivered", attempt_count: 1 });
        const [audit] = await query<{ action: string; actor_label: string }>(db.url, `SELECT action, actor_label FROM audit_logs WHERE target_id = $1`, [id]);
        expect(audit).toEqual({ action: "webhook.resend", actor_label: "admin@example.com" });
      } finally {
        receiver.state.delayMs = 0;
        await stopWorkers();
      }
    });
  }

  it("a crashed process's claim is retried after its lease; two worker loops never send a row twice", async () => {
    receiver.received.length = 0;
    receiver.state.status = 200;
    const crashed = await enqueue({ crashed: true });
    const claimed = await claimDeliveries(10);
    expect(claimed.map((c) => c.id)).toContain(crashed);
    // The claimer "died": another worker must not send it while the lease holds...
    const ids = await Promise.all(Array.from({ length: 150 }, (_, i) => enqueue({ n: i })));
    worker({ concurrency: 8 });
    worker({ concurrency: 8 });
    await receiver.waitFor(150);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.some((r) => r.body.includes("crashed"))).toBe(false);
    const bodies = receiver.received.map((r) => r.body);
    expect(new Set(bodies).size).toBe(150);
    expect(bodies).toHaveLength(150);
    expect((await deliveries(ids)).every((d) => d.state === "delivered" && d.attempt_count === 1)).toBe(true);
    await stopWorkers();
    // ...and once the lease has run out, it is delivered.
    worker({ now: () => new Date(Date.now() + 61_000) });
    await receiver.waitFor(151);
    await stopWorkers();
    expect((await deliveries([crashed]))[0].state).toBe("delivered");
  });

  it("after an app restart nothing is lost: rows written while the server was down are delivered by it", async () => {
    receiver.received.length = 0;
    // A PGlite socket is one session: the server's pool must be one connection, as with its own embedded database.
    const serverEnv = { DATABASE_URL: db.url, CHECKPOINT_WEBHOOK_POLL_MS: "50", DATABASE_POOL_SIZE: db.kind === "pglite" ? "1" : undefined };
    const first = await startServer(serverEnv);
    const before = await Promise.all(Array.from({ length: 20 }, (_, i) => enqueue({ phase: "up", i })));
    await receiver.waitFor(20);
    await first.stop();
    const during = await Promise.all(Array.from({ length: 20 }, (_, i) => enqueue({ phase: "down", i })));
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received).toHaveLength(20);
    const second = await startServer(serverEnv);
    try {
      await receiver.waitFor(40);
    } finally {
      await second.stop();
    }
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(40);
    expect((await deliveries([...before, ...during])).every((d) => d.state === "delivered")).toBe(true);
  });

  it("refuses private targets when not allowed, recording the reason as the attempt's error", async () => {
    setEnv({ CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "false" });
    try {
      const id = await enqueue({ private: true }, "http://127.0.0.1:9/x");
      const [c] = (await claimDeliveries(50)).filter((x) => x.id === id);
      const { deliverClaimed } = await import("../lib/webhooks/deliver.ts");
      const out = await deliverClaimed(c);
      expect(out.state).toBe("pending");
      expect(out.error).toMatch(/private/);
    } finally {
      setEnv({ CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true" });
    }
  });
});
