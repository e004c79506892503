import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMediaBytes } from "../lib/media/media-store.ts";
import { createDatabase, query, setEnv, useDatabase, type TestDatabase } from "./support/db.ts";
import { runCli, startServer, type RunningServer } from "./support/server.ts";
import { closeDb, withTransaction } from "../lib/db/index.ts";
import { createIntegration, type CreatedIntegration } from "../lib/integrations/create-integration.ts";
import { updateIntegration } from "../lib/integrations/update-integration.ts";
import { createSessionFor } from "../lib/veriff/create-session-for.ts";
import { VeriffRefusal } from "../lib/veriff/client.ts";
import { receiveVeriffWebhook } from "../lib/veriff/intake.ts";
import { reconcileOnce } from "../lib/veriff/reconcile.ts";
import { expireSessions } from "../lib/sessions/expire-sessions.ts";
import { decideSession } from "../lib/sessions/decide-session.ts";
import { transitionSession } from "../lib/sessions/transition.ts";
import { parseCreateSession } from "../lib/validation/session.ts";
import { DomainError } from "../lib/errors.ts";
import { cliActor } from "../lib/audit/record.ts";

// Checkpoint's side of a Veriff-backed integration, in this process on `kind`; the upstream is a
// second Checkpoint process (API only) on its own database, playing Veriff.
const kind = (process.env.TEST_DB_KIND as "server" | "pglite") ?? "server";

/** A local fixture that answers like a broken upstream: an HTML page, a 500, or a slow first answer in front of U. */
async function fixture(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

const hmac = (secret: string, body: string) => crypto.createHmac("sha256", secret).update(body).digest("hex");

describe(`Veriff-backed integrations on ${kind}`, () => {
  let db: TestDatabase;
  let udb: TestDatabase;
  let U: RunningServer;
  let upstream: { id: string; apiKey: string; sharedSecret: string };
  let integration: CreatedIntegration;
  const uEnv: Record<string, string> = {};
  const veriff = (over: Record<string, string> = {}) => ({ provider: "veriff" as const, veriffBaseUrl: U.url, veriffApiKey: upstream.apiKey, veriffSharedSecret: upstream.sharedSecret, ...over });
  const count = async (table: string) => (await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const refusal = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return e as DomainError;
    }
    throw new Error("expected a refusal");
  };
  const create = (body: Record<string, unknown> = {}) =>
    createSessionFor({ id: integration.id, plan: "enterprise", rateCap: null, provider: "veriff" }, parseCreateSession({ verification: body }), { source: "api", actorLabel: "test" });
  const hook = (body: unknown, secret = upstream.sharedSecret, apiKey = upstream.apiKey) => {
    const raw = JSON.stringify(body);
    return receiveVeriffWebhook(integration.id, { "content-type": "application/json", "x-auth-client": apiKey, "x-hmac-signature": hmac(secret, raw) }, Buffer.from(raw));
  };

  beforeAll(async () => {
    setEnv({ CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true", CHECKPOINT_VERIFF_TIMEOUT_MS: "1500" });
    [db, udb] = await Promise.all([createDatabase(kind), createDatabase("server")]);
    useDatabase(db);
    Object.assign(uEnv, { DATABASE_URL: udb.url, AUTH_SECRET: crypto.randomBytes(32).toString("hex"), APP_URL: "https://upstream.example.com" });
    U = await startServer(uEnv);
    const r = runCli(["integration", "create", "--name", "Upstream", "--environment", "live", "--plan", "enterprise", "--review", "--json"], uEnv);
    upstream = JSON.parse(r.stdout);
    integration = await createIntegration({ name: "Veriff-backed", environment: "live", plan: "enterprise", decisionWebhookUrl: "https://hooks.example.com/d", eventWebhookUrl: "https://hooks.example.com/e", ...veriff() }, cliActor);
  });
  afterAll(async () => {
    await closeDb();
    await U?.stop();
    await Promise.all([db?.drop(), udb?.drop()]);
  });

  describe("settings are proved against Veriff before anything is stored", () => {
    it("a wrong shared secret, a wrong API key, an unreachable host: each names its field, nothing stored", async () => {
      const before = await count("integrations");
      const secret = await refusal(createIntegration({ name: "x", ...veriff({ veriffSharedSecret: "not-the-secret" }) }, cliActor));
      expect({ field: secret.field, message: secret.message }).toMatchObject({ field: "veriffSharedSecret", message: expect.stringMatching(/^Veriff refused the signature \(1818: .*\)\. Check the Veriff shared secret on the integration page\. Nothing was saved\.$/) });
      const key = await refusal(createIntegration({ name: "x", ...veriff({ veriffApiKey: crypto.randomUUID() }) }, cliActor));
      expect(key.field).toBe("veriffApiKey");
      expect(key.message).toMatch(/did not accept this integration's Veriff API key \(1803/);
      const down = await refusal(createIntegration({ name: "x", ...veriff({ veriffBaseUrl: "http://127.0.0.1:1" }) }, cliActor));
      expect({ field: down.field, message: down.message }).toEqual({ field: "veriffBaseUrl", message: "Veriff could not be reached at http://127.0.0.1:1: connection refused. Nothing was saved." });
      expect(await count("integrations")).toBe(before);
    });

    it("a base URL that is not https is refused (http only to loopback, and only with CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS=true)", async () => {
      const plain = await refusal(createIntegration({ name: "x", ...veriff({ veriffBaseUrl: "http://stationapi.veriff.com" }) }, cliActor));
      // A ZodError on veriffBaseUrl: the form shows it beside the field.
      expect(plain.message).toMatch(/Must use https:\/\/[\s\S]*veriffBaseUrl/);
      setEnv({ CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "false" });
      try {
        const loop = await refusal(createIntegration({ name: "x", ...veriff() }, cliActor));
        expect(loop.message).toMatch(/only with CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS=true/);
      } finally {
        setEnv({ CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true" });
      }
      const ftp = await refusal(createIntegration({ name: "x", ...veriff({ veriffBaseUrl: "ftp://example.com" }) }, cliActor));
      expect(ftp.message).toMatch(/Must be an https:\/\/ URL/);
    });

    it("an upstream answering an HTML page or a 500 is a clear message, nothing stored", async () => {
      const html = await fixture((_q, s) => s.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Login</title>"));
      const boom = await fixture((_q, s) => s.writeHead(500, { "content-type": "text/html" }).end("<h1>Internal Server Error</h1>"));
      try {
        const before = await count("integrations");
        const a = await refusal(createIntegration({ name: "x", ...veriff({ veriffBaseUrl: html.url }) }, cliActor));
        expect(a.message).toMatch(/^Veriff answered the settings check with an HTML page \(HTTP 200\), not its API: check the Veriff API base URL/);
        const b = await refusal(createIntegration({ name: "x", ...veriff({ veriffBaseUrl: boom.url }) }, cliActor));
        expect(b.message).toBe("Veriff failed with HTTP 500 (an HTML error page) on the settings check: try again later. Nothing was saved.");
        expect(await count("integrations")).toBe(before);
      } finally {
        await html.close();
        await boom.close();
      }
    });

    it("stores key and secret encrypted, audits changes without them, and keeps them when an update leaves them empty", async () => {
      const [row] = await query<{ provider: string; veriff_api_key_ciphertext: string; veriff_secret_hint: string }>(db.url, `SELECT provider, veriff_api_key_ciphertext, veriff_secret_hint FROM integrations WHERE id = $1`, [integration.id]);
      expect(row.provider).toBe("veriff");
      expect(row.veriff_api_key_ciphertext).not.toContain(upstream.apiKey);
      expect(row.veriff_secret_hint).toBe(upstream.sharedSecret.slice(-4));
      await updateIntegration({ id: integration.id, name: "Veriff-backed", reviewEnabled: false, active: true, decisionWebhookUrl: "https://hooks.example.com/d", eventWebhookUrl: "https://hooks.example.com/e", provider: "veriff", veriffBaseUrl: `${U.url}/` }, cliActor);
      const audit = await query<{ action: string; before: unknown; after: unknown }>(db.url, `SELECT action, before, after FROM audit_logs WHERE target_id = $1 ORDER BY id`, [integration.id]);
      expect(JSON.stringify(audit)).not.toContain(upstream.sharedSecret);
      expect(JSON.stringify(audit)).not.toContain(upstream.apiKey);
      // A bad secret on update changes nothing.
      const bad = await refusal(updateIntegration({ id: integration.id, name: "Renamed", reviewEnabled: false, active: true, provider: "veriff", veriffSharedSecret: "wrong" }, cliActor));
      expect(bad.field).toBe("veriffSharedSecret");
      const [after] = await query<{ name: string }>(db.url, `SELECT name FROM integrations WHERE id = $1`, [integration.id]);
      expect(after.name).toBe("Veriff-backed");
    });
  });

  describe("creating at Veriff", () => {
    it("stores Veriff's id, URL and token, and the data given", async () => {
      const s = await create({ vendorData: "v-1", person: { firstName: "Sarah", lastName: "Morgan" } });
      expect(s.url).toMatch(/^https:\/\/upstream\.example\.com\/v\//);
      const [row] = await query<Record<string, unknown>>(db.url, `SELECT provider, provider_url, provider_token, status, vendor_data, person_name FROM verification_sessions WHERE id = $1`, [s.id]);
      expect(row).toEqual({ provider: "veriff", provider_url: s.url, provider_token: s.sessionToken, status: "created", vendor_data: "v-1", person_name: "sarah morgan" });
      expect((await query(udb.url, `SELECT 1 FROM verification_sessions WHERE id = $1`, [s.id])).length).toBe(1);
    });

    it("Veriff's refusals reach the caller with its code; nothing is stored", async () => {
      const sessions = await count("verification_sessions");
      expect(runCli(["integration", "update", upstream.id, "--active", "false"], uEnv).status).toBe(0);
      await new Promise((r) => setTimeout(r, 5200)); // U's key cache (5 s)
      try {
        const off = await refusal(create());
        expect(off).toBeInstanceOf(VeriffRefusal);
        expect({ status: (off as VeriffRefusal).httpStatus, code: (off as VeriffRefusal).veriffCode }).toEqual({ status: 401, code: "1804" });
        expect(off.message).toMatch(/Veriff did not accept|Veriff refused the session create \(1804\)/);
      } finally {
        expect(runCli(["integration", "update", upstream.id, "--active", "true", "--rate-cap", "2"], uEnv).status).toBe(0);
      }
      await new Promise((r) => setTimeout(r, 5200));
      // U's cap counts per calendar minute: at most 2 more creates go through.
      let ok = 0;
      let limited: VeriffRefusal | undefined;
      for (let i = 0; i < 4 && !limited; i++) {
        try {
          await create();
          ok += 1;
        } catch (e) {
          limited = e as VeriffRefusal;
        }
      }
      expect(limited, "a 429 from Veriff").toBeInstanceOf(VeriffRefusal);
      expect(ok).toBeLessThanOrEqual(2);
      expect({ status: limited!.httpStatus, retry: (limited!.retryAfter ?? 0) > 0 }).toEqual({ status: 429, retry: true });
      expect(limited!.message).toMatch(/^Veriff is rate limiting this integration: retry in \d+ s/);
      expect(runCli(["integration", "update", upstream.id, "--rate-cap", "10000"], uEnv).status).toBe(0);
      await new Promise((r) => setTimeout(r, 5200));
      const failed = await query<{ state: string; last_error: string }>(db.url, `SELECT state, last_error FROM veriff_creates WHERE state = 'failed'`);
      expect(failed.length).toBeGreaterThanOrEqual(2);
      expect(await count("verification_sessions")).toBe(sessions + ok);
    });

    it("an upstream answering HTML or 500 to a create: a clear message, nothing stored", async () => {
      const html = await fixture((_q, s) => s.writeHead(200, { "content-type": "text/html" }).end("<html>proxy login</html>"));
      const boom = await fixture((_q, s) => s.writeHead(500, { "content-type": "application/json" }).end('{"error":"boom"}'));
      try {
        await withTransaction((c) => c.query(`UPDATE integrations SET veriff_base_url = $2 WHERE id = $1`, [integration.id, html.url]));
        const sessions = await count("verification_sessions");
        const e = (await refusal(create())) as VeriffRefusal;
        expect({ status: e.httpStatus, code: e.veriffCode }).toEqual({ status: 502, code: "502" });
        expect(e.message).toMatch(/with an HTML page \(HTTP 200\), not its API.* No session was stored\.$/);
        await withTransaction((c) => c.query(`UPDATE integrations SET veriff_base_url = $2 WHERE id = $1`, [integration.id, boom.url]));
        const f = (await refusal(create())) as VeriffRefusal;
        expect({ status: f.httpStatus, message: f.message }).toEqual({ status: 502, message: "Veriff failed with HTTP 500 on the session create: try again later. No session was stored." });
        expect(await count("verification_sessions")).toBe(sessions);
      } finally {
        await withTransaction((c) => c.query(`UPDATE integrations SET veriff_base_url = $2 WHERE id = $1`, [integration.id, U.url]));
        await html.close();
        await boom.close();
      }
    });

    it("a create that timed out is sent again with the same Idempotency-Key: one session at Veriff", async () => {
      let first = true;
      // In front of U: the first create reaches U, but its answer is held past the timeout.
      const slow = await fixture((q, s) => {
        const chunks: Buffer[] = [];
        q.on("data", (c) => chunks.push(c));
        q.on("end", async () => {
          const r = await fetch(U.url + q.url, { method: q.method, headers: q.headers as Record<string, string>, body: q.method === "GET" ? undefined : Buffer.concat(chunks) });
          const text = await r.text();
          if (q.method === "POST" && first) {
            first = false;
            await new Promise((res) => setTimeout(res, 2500));
          }
          if (!s.destroyed) s.writeHead(r.status, { "content-type": "application/json" }).end(text);
        });
      });
      try {
        await withTransaction((c) => c.query(`UPDATE integrations SET veriff_base_url = $2 WHERE id = $1`, [integration.id, slow.url]));
        const vendorData = `retry-${crypto.randomUUID()}`;
        const s = await create({ vendorData });
        const atU = await query<{ id: string }>(udb.url, `SELECT id FROM verification_sessions WHERE vendor_data = $1`, [vendorData]);
        expect(atU).toEqual([{ id: s.id }]);
        const [attempt] = await query<{ state: string; tries: number }>(db.url, `SELECT state, tries FROM veriff_creates WHERE session_id = $1`, [s.id]);
        expect(attempt).toEqual({ state: "created", tries: 2 });
      } finally {
        await withTransaction((c) => c.query(`UPDATE integrations SET veriff_base_url = $2 WHERE id = $1`, [integration.id, U.url]));
        await slow.close();
      }
    });
  });

  describe("webhooks in", () => {
    const decision = (id: string, attemptId: string, over: Record<string, unknown> = {}) => ({
      status: "success",
      verification: { id, attemptId, code: 9001, status: "approved", reason: null, reasonCode: null, decisionTime: new Date().toISOString(), acceptanceTime: new Date().toISOString(), vendorData: "v", endUserId: null, comments: [], person: { firstName: "SARAH", lastName: "MORGAN", dateOfBirth: "1967-03-30" }, document: { type: "DRIVERS_LICENSE", number: "MORGA753116SM9IJ", country: "GB" }, additionalVerifiedData: {}, riskLabels: [], ...over },
      technicalData: { ip: "186.153.67.122" },
    });
    const event = (id: string, attemptId: string, code: 7001 | 7002) => ({ id, attemptId, feature: "selfid", code, action: code === 7001 ? "started" : "submitted", vendorData: "v", endUserId: null });
    const state = async (id: string) => ({
      status: (await query<{ status: string }>(db.url, `SELECT status FROM verification_sessions WHERE id = $1`, [id]))[0].status,
      events: (await query<{ to_status: string }>(db.url, `SELECT to_status FROM session_events WHERE session_id = $1 ORDER BY id`, [id])).map((e) => e.to_status),
      outbox: (await query<{ kind: string }>(db.url, `SELECT kind FROM webhook_deliveries WHERE session_id = $1 ORDER BY created_at`, [id])).map((d) => d.kind),
      kept: (await query<{ verdict: string }>(db.url, `SELECT verdict FROM veriff_webhooks WHERE session_id = $1 ORDER BY id`, [id])).map((w) => w.verdict),
    });

    it("applies each change once, through the lifecycle, with the customer's webhooks in the outbox", async () => {
      const { id } = await create();
      const attempt = crypto.randomUUID();
      expect((await hook(event(id, attempt, 7001))).status).toBe(200);
      expect((await hook(event(id, attempt, 7001))).body.verdict).toBe("duplicate");
      await hook(event(id, attempt, 7002));
      const d = decision(id, attempt, { status: "review", code: 9121 });
      await hook(d);
      await hook(d);
      // Later: Veriff's reviewer decides, overriding review.
      await hook(decision(id, attempt, { status: "declined", code: 9102, reasonCode: 102, reason: "Suspected document tampering.", decisionTime: new Date(Date.now() + 1000).toISOString() }));
      // An older event arriving last changes nothing.
      await hook(event(id, attempt, 7002));
      expect(await state(id)).toEqual({
        status: "declined",
        events: ["created", "started", "submitted", "review", "declined"],
        outbox: ["event", "event", "decision", "decision"],
        kept: ["applied", "duplicate", "applied", "applied", "duplicate", "applied", "stale"],
      });
      const [dec] = await query<{ reason_code: number; reason: string; attempt_id: string }>(db.url, `SELECT reason_code, reason, attempt_id FROM decisions WHERE session_id = $1 ORDER BY created_at DESC LIMIT 1`, [id]);
      expect(dec).toEqual({ reason_code: 102, reason: "Suspected document tampering.", attempt_id: attempt });
      const audit = await query<{ action: string; actor_label: string; after: { status: string } }>(db.url, `SELECT action, actor_label, after FROM audit_logs WHERE target_id = $1 ORDER BY id`, [id]);
      expect(audit.map((a) => [a.action, a.actor_label, a.after.status])).toEqual([["session.create", "test", undefined], ["session.veriff_decision", "veriff", "review"], ["session.veriff_decision", "veriff", "declined"]]);
      // The customer's decision webhook is Veriff's decision object.
      const [body] = await query<{ body: string }>(db.url, `SELECT body FROM webhook_deliveries WHERE session_id = $1 AND kind = 'decision' ORDER BY created_at DESC LIMIT 1`, [id]);
      expect(JSON.parse(body.body).verification).toMatchObject({ id, status: "declined", reasonCode: 102, document: { number: "MORGA753116SM9IJ" } });
    });

    it("a bad signature, another API key or a body that is not JSON: refused, nothing changed", async () => {
      const { id } = await create();
      const before = await state(id);
      expect((await hook(event(id, crypto.randomUUID(), 7001), "wrong-secret")).status).toBe(401);
      expect((await hook(event(id, crypto.randomUUID(), 7001), upstream.sharedSecret, crypto.randomUUID())).status).toBe(401);
      const r = await receiveVeriffWebhook(integration.id, { "x-auth-client": upstream.apiKey, "x-hmac-signature": hmac(upstream.sharedSecret, "nope") }, Buffer.from("nope"));
      expect(r.status).toBe(400);
      expect(await state(id)).toEqual(before);
      const kept = await query<{ verdict: string; session_id: string | null }>(db.url, `SELECT verdict, session_id FROM veriff_webhooks ORDER BY id DESC LIMIT 3`);
      expect(kept.map((k) => k.verdict).sort()).toEqual(["bad_signature", "bad_signature", "invalid"]);
      expect(kept.every((k) => k.session_id === null)).toBe(true);
      expect((await receiveVeriffWebhook(crypto.randomUUID(), {}, Buffer.from("{}"))).status).toBe(404);
    });

    it("Checkpoint does not decide or expire a Veriff-backed session itself", async () => {
      const { id } = await create();
      const attempt = crypto.randomUUID();
      await hook(event(id, attempt, 7002));
      const e = await refusal(decideSession({ sessionId: id, decision: "approved", actor: { type: "cli", label: "cli" } }));
      expect(e.code).toBe("veriff_session");
      await withTransaction((c) => c.query(`UPDATE verification_sessions SET expires_at = now() - interval '1 day', status = 'created' WHERE id = $1`, [id]));
      await expireSessions();
      expect((await state(id)).status).toBe("created");
      // Veriff's own 9104 is applied as it reports it.
      await hook(decision(id, attempt, { status: "expired", code: 9104, attemptId: null }));
      expect((await state(id)).status).toBe("expired");
      await expect(withTransaction((c) => transitionSession(c, { sessionId: id, to: "started", actor: { type: "end_user" } }))).rejects.toThrow(/lives at Veriff/);
    });
  });

  describe("reconcile", () => {
    const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    const atU = async (method: string, path: string, body: unknown) => {
      const raw = JSON.stringify(body);
      const r = await fetch(U.url + path, { method, headers: { "content-type": "application/json", "x-auth-client": upstream.apiKey, "x-hmac-signature": hmac(upstream.sharedSecret, raw) }, body: raw });
      expect(r.status, await r.clone().text()).toBeLessThan(300);
    };

    it("asks Veriff about sessions without a final decision: the decision, attempts, pictures and person", async () => {
      const s = await create({ vendorData: "reconcile", person: { firstName: "Rita", lastName: "Recon" } });
      await atU("POST", `/v1/sessions/${s.id}/media`, { image: { context: "face", content: PNG } });
      await atU("PATCH", `/v1/sessions/${s.id}`, { verification: { status: "submitted" } });
      expect(runCli(["sessions", "decide", s.id, "--decision", "declined", "--reason-code", "103"], uEnv).status).toBe(0);
      const c = await reconcileOnce({ integrationId: integration.id });
      expect(c.failed).toBe(0);
      expect(c.decided).toBeGreaterThanOrEqual(1);
      const [row] = await query<{ status: string; reason_code: number; person: unknown; data: { person: { firstName: string } } }>(
        db.url,
        `SELECT status, reason_code, provider_data AS data FROM verification_sessions WHERE id = $1`,
        [s.id],
      );
      expect(row).toMatchObject({ status: "declined", reason_code: 103, data: { person: { firstName: "Rita" } } });
      const media = await query<{ id: string; context: string }>(db.url, `SELECT id, context FROM media WHERE session_id = $1`, [s.id]);
      expect(media.map((m) => m.context)).toEqual(["face"]);
      expect((await readMediaBytes(media[0].id))!.bytes.toString("base64")).toBe(PNG);
      const [sync] = await query<{ state: string }>(db.url, `SELECT state FROM veriff_syncs WHERE session_id = $1`, [s.id]);
      expect(sync.state).toBe("done");
      // Nothing left to do for it: a second run does not ask again.
      await reconcileOnce({ integrationId: integration.id });
      const attempts = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM veriff_sync_attempts WHERE session_id = $1`, [s.id]);
      expect(attempts[0].n).toBe(1);
    });

    it("honours Veriff's 429 and Retry-After: the next try waits at least that long, the attempt is recorded", async () => {
      const s = await create();
      const limited = await fixture((_q, res) => res.writeHead(429, { "content-type": "application/json", "retry-after": "120" }).end('{"status":"fail","code":"429","message":"Too many requests"}'));
      try {
        await withTransaction((c) => c.query(`UPDATE integrations SET veriff_base_url = $2 WHERE id = $1`, [integration.id, limited.url]));
        const c = await reconcileOnce({ integrationId: integration.id });
        expect(c.failed).toBeGreaterThanOrEqual(1);
        const [sync] = await query<{ state: string; wait: number; last_status_code: number }>(
          db.url,
          `SELECT state, EXTRACT(EPOCH FROM next_attempt_at - now())::int AS wait, last_status_code FROM veriff_syncs WHERE session_id = $1`,
          [s.id],
        );
        expect(sync.state).toBe("pending");
        expect(sync.last_status_code).toBe(429);
        expect(sync.wait).toBeGreaterThanOrEqual(110);
        const [a] = await query<{ outcome: string; error: string }>(db.url, `SELECT outcome, error FROM veriff_sync_attempts WHERE session_id = $1 ORDER BY id DESC LIMIT 1`, [s.id]);
        expect(a).toEqual({ outcome: "Rate limited by Veriff.", error: expect.stringMatching(/^Veriff is rate limiting this integration: retry in 120 s/) });
      } finally {
        await withTransaction((c) => c.query(`UPDATE integrations SET veriff_base_url = $2 WHERE id = $1`, [integration.id, U.url]));
        await limited.close();
      }
    });
  });
});
