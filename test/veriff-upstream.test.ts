import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, query, type TestDatabase } from "./support/db.ts";
import { freePort, runCli, startServer, type RunningServer } from "./support/server.ts";
import { startReceiver } from "./support/receiver.ts";
import { call, sign, type Keys } from "./api/support.ts";

// Two real Checkpoint processes: U plays Veriff (it speaks Veriff's API), P is the portal whose
// integration is Veriff-backed and points at U. Each on its own database.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

interface Side {
  db: TestDatabase;
  env: Record<string, string>;
  server: RunningServer;
  port: number;
  cli(args: string[]): { status: number | null; stdout: string; stderr: string };
}

async function side(extra: Record<string, string> = {}): Promise<Side> {
  const db = await createDatabase("server");
  const port = await freePort();
  const env = { DATABASE_URL: db.url, AUTH_SECRET: crypto.randomBytes(32).toString("hex"), APP_URL: `http://127.0.0.1:${port}`, PORT: String(port), CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true", ...extra };
  const server = await startServer(env);
  return { db, env, server, port, cli: (args) => runCli(args, env) };
}

const waitFor = async <T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe("a Veriff-backed integration over a second Checkpoint process playing Veriff", () => {
  let U: Side;
  let P: Side;
  let upstream: Keys;
  let portal: Keys & { veriffWebhookUrl: string; provider: string };
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  // The person's side at U: pictures and submit through U's API (signed with U's secret), as an integrator's backend would.
  const submitAtUpstream = async (id: string) => {
    for (const context of ["document-front", "face"]) {
      const r = await call(U.server.url, "POST", `/v1/sessions/${id}/media`, { keys: upstream, body: { image: { context, content: PNG.toString("base64") } }, signature: true });
      expect(r.status, r.text).toBe(201);
    }
    const r = await call(U.server.url, "PATCH", `/v1/sessions/${id}`, { keys: upstream, body: { verification: { status: "submitted" } }, signature: true });
    expect(r.status, r.text).toBe(200);
  };
  const portalRow = async (id: string) => (await query<{ status: string; provider: string; provider_url: string | null; decision_code: number | null }>(P.db.url, `SELECT status, provider, provider_url, decision_code FROM verification_sessions WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    receiver = await startReceiver();
    [U, P] = await Promise.all([side(), side({ CHECKPOINT_VERIFF_SYNC_POLL_MS: "200" })]);
    const u = U.cli(["integration", "create", "--name", "Upstream", "--environment", "live", "--plan", "enterprise", "--review", "--json"]);
    expect(u.status, u.stderr).toBe(0);
    upstream = JSON.parse(u.stdout);
    const p = P.cli([
      "integration", "create", "--name", "Portal", "--provider", "veriff", "--veriff-base-url", U.server.url, "--veriff-api-key", upstream.apiKey,
      "--veriff-shared-secret", upstream.sharedSecret, "--environment", "live", "--decision-webhook", `${receiver.url}/d`, "--event-webhook", `${receiver.url}/e`, "--json",
    ]);
    expect(p.status, p.stderr).toBe(0);
    portal = JSON.parse(p.stdout);
    expect(portal.provider).toBe("veriff");
    expect(portal.veriffWebhookUrl).toBe(`${P.server.url}/v1/veriff/webhooks/${portal.id}`);
    const upd = U.cli(["integration", "update", upstream.id, "--decision-webhook", portal.veriffWebhookUrl, "--event-webhook", portal.veriffWebhookUrl, "--json"]);
    expect(upd.status, upd.stderr).toBe(0);
    expect(JSON.parse(upd.stdout)).toMatchObject({ changed: true, decisionWebhookUrl: portal.veriffWebhookUrl });
  });
  afterAll(async () => {
    await Promise.all([U?.server.stop(), P?.server.stop()]);
    await Promise.all([U?.db.drop(), P?.db.drop()]);
    await receiver?.close();
  });

  it("stores the Veriff credentials encrypted, and audits the update", async () => {
    const [row] = await query<{ veriff_api_key_ciphertext: string; veriff_secret_ciphertext: string }>(P.db.url, `SELECT veriff_api_key_ciphertext, veriff_secret_ciphertext FROM integrations WHERE id = $1`, [portal.id]);
    expect(row.veriff_api_key_ciphertext).toMatch(/^v1\./);
    expect(row.veriff_secret_ciphertext).not.toContain(upstream.sharedSecret);
    const audit = await query<{ action: string; after: Record<string, unknown> }>(U.db.url, `SELECT action, after FROM audit_logs WHERE target_id = $1 ORDER BY id`, [upstream.id]);
    expect(audit.map((a) => a.action)).toEqual(["integration.create", "integration.update"]);
    expect(audit[1].after).toMatchObject({ decisionWebhookUrl: portal.veriffWebhookUrl });
  });

  it("POST /v1/sessions on P creates the session at U; U's webhooks move P's record and P forwards its own", async () => {
    const endUserId = crypto.randomUUID();
    const r = await call(P.server.url, "POST", "/v1/sessions", { keys: portal, body: { verification: { vendorData: "cust-1", endUserId, person: { firstName: "Sarah", lastName: "Morgan" } } } });
    expect(r.status, r.text).toBe(201);
    const v = r.json.verification!;
    expect(v.url).toMatch(new RegExp(`^${U.server.url.replace(/\./g, "\\.")}/v/`));
    expect(v).toMatchObject({ status: "created", vendorData: "cust-1", endUserId });
    const id = v.id as string;
    const [atU] = await query<{ vendor_data: string; end_user_id: string; person: Record<string, unknown> }>(U.db.url, `SELECT vendor_data, end_user_id, person FROM verification_sessions WHERE id = $1`, [id]);
    expect(atU).toMatchObject({ vendor_data: "cust-1", end_user_id: endUserId, person: { firstName: "Sarah", lastName: "Morgan" } });
    expect(await portalRow(id)).toMatchObject({ status: "created", provider: "veriff", provider_url: v.url });

    await submitAtUpstream(id);
    await waitFor("submitted at P", async () => (await portalRow(id)).status === "submitted");
    const d = U.cli(["sessions", "decide", id, "--decision", "approved"]);
    expect(d.status, d.stderr).toBe(0);
    await waitFor("approved at P", async () => (await portalRow(id)).status === "approved");
    expect((await portalRow(id)).decision_code).toBe(9001);

    const events = await query<{ to_status: string; actor_type: string; code: number | null }>(P.db.url, `SELECT to_status, actor_type, code FROM session_events WHERE session_id = $1 ORDER BY id`, [id]);
    expect(events.map((e) => [e.to_status, e.actor_type])).toEqual([["created", "api"], ["submitted", "veriff"], ["approved", "veriff"]]);
    const hooks = await query<{ kind: string; verdict: string }>(P.db.url, `SELECT kind, verdict FROM veriff_webhooks WHERE session_id = $1 ORDER BY id`, [id]);
    expect(hooks).toEqual([{ kind: "event", verdict: "applied" }, { kind: "decision", verdict: "applied" }]);

    // P's own webhooks to the customer, signed with P's key.
    await waitFor("forwarded decision", async () => receiver.received.find((h) => h.path === "/d" && JSON.parse(h.body).verification?.id === id));
    const fwd = receiver.received.find((h) => h.path === "/d" && JSON.parse(h.body).verification?.id === id)!;
    expect(fwd.headers["x-auth-client"]).toBe(portal.apiKey);
    expect(fwd.headers["x-hmac-signature"]).toBe(sign(portal.sharedSecret, fwd.body));
    expect(fwd.headers["x-signature"]).toBe(crypto.createHash("sha256").update(fwd.body + portal.sharedSecret).digest("hex"));
    expect(JSON.parse(fwd.body).verification).toMatchObject({ status: "approved", code: 9001, vendorData: "cust-1" });
    expect(receiver.received.some((h) => h.path === "/e" && JSON.parse(h.body).id === id && JSON.parse(h.body).code === 7002)).toBe(true);

    // After the decision P fetches the pictures' bytes from U.
    const media = await waitFor("pictures at P", async () => {
      const rows = await query<{ id: string; context: string; mimetype: string }>(P.db.url, `SELECT id, context, mimetype FROM media WHERE session_id = $1 ORDER BY context`, [id]);
      return rows.length === 2 && rows;
    });
    expect(media.map((m) => m.context)).toEqual(["document-front", "face"]);
    // Stored encrypted at P; P's own /v1 gives the picture back as U sent it.
    const file = await fetch(`${P.server.url}/v1/media/${media[0].id}`, { headers: { "x-auth-client": portal.apiKey, "x-hmac-signature": sign(portal.sharedSecret, media[0].id) } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    await waitFor("sync done", async () => (await query<{ state: string }>(P.db.url, `SELECT state FROM veriff_syncs WHERE session_id = $1`, [id]))[0]?.state === "done");
    // P's own /v1 answers for it like for any session.
    const dec = await call(P.server.url, "GET", `/v1/sessions/${id}/decision`, { keys: portal, signature: true });
    expect(dec.json.verification).toMatchObject({ id, status: "approved" });
  });

  it("the CLI's create goes to U too; while P is down U decides, and reconcile catches up on restart", async () => {
    const c = P.cli(["sessions", "create", "--integration", portal.id, "--vendor-data", "outage", "--json"]);
    expect(c.status, c.stderr).toBe(0);
    const id = JSON.parse(c.stdout).id as string;
    expect(JSON.parse(c.stdout).url).toContain(`${U.server.url}/v/`);
    expect((await query(U.db.url, `SELECT 1 FROM verification_sessions WHERE id = $1`, [id])).length).toBe(1);

    await P.server.stop();
    await submitAtUpstream(id);
    const d = U.cli(["sessions", "decide", id, "--decision", "declined", "--reason-code", "102"]);
    expect(d.status, d.stderr).toBe(0);
    // U tried to tell P and failed: the deliveries wait for their retry.
    await waitFor("U's failed attempt", async () => (await query<{ n: number }>(U.db.url, `SELECT count(*)::int AS n FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.session_id = $1`, [id]))[0].n >= 1);
    expect((await portalRow(id)).status).toBe("created");

    P.server = await startServer({ ...P.env, CHECKPOINT_BACKGROUND: "off" });
    const sync = P.cli(["sessions", "sync", "--integration", portal.id, "--json"]);
    expect(sync.status, sync.stdout + sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ decided: 1, failed: 0 });
    const row = await portalRow(id);
    expect(row).toMatchObject({ status: "declined", decision_code: 9102 });
    const [decision] = await query<{ reason_code: number; reason: string; decided_by: string }>(P.db.url, `SELECT reason_code, reason, decided_by FROM decisions WHERE session_id = $1`, [id]);
    expect(decision).toMatchObject({ reason_code: 102, decided_by: "Veriff (reconcile)" });
    const media = await query<{ n: number }>(P.db.url, `SELECT count(*)::int AS n FROM media WHERE session_id = $1`, [id]);
    expect(media[0].n).toBe(2);
    const attempts = await query<{ outcome: string }>(P.db.url, `SELECT outcome FROM veriff_sync_attempts WHERE session_id = $1 ORDER BY id`, [id]);
    expect(attempts.at(-1)!.outcome).toMatch(/^Decision 9102 declined \(applied\), 2 picture\(s\) fetched/);

    // U's late webhook, when it comes, changes nothing (applied once).
    await query(U.db.url, `UPDATE webhook_deliveries SET next_attempt_at = now() WHERE session_id = $1 AND state = 'pending'`, [id]);
    await waitFor("late webhooks kept", async () => (await query(P.db.url, `SELECT 1 FROM veriff_webhooks WHERE session_id = $1 AND verdict IN ('duplicate', 'stale')`, [id])).length >= 1);
    const events = await query<{ to_status: string }>(P.db.url, `SELECT to_status FROM session_events WHERE session_id = $1 ORDER BY id`, [id]);
    expect(events.map((e) => e.to_status)).toEqual(["created", "declined"]);
  });

  it("a webhook with a wrong signature gets 401 and changes nothing", async () => {
    const r = await call(P.server.url, "POST", "/v1/sessions", { keys: portal, body: { verification: {} } });
    const id = r.json.verification!.id as string;
    const body = JSON.stringify({ id, attemptId: crypto.randomUUID(), feature: "selfid", code: 7001, action: "started", vendorData: null, endUserId: null });
    const bad = await fetch(portal.veriffWebhookUrl, { method: "POST", headers: { "content-type": "application/json", "x-auth-client": upstream.apiKey, "x-hmac-signature": sign("wrong-secret", body) }, body });
    expect(bad.status).toBe(401);
    expect((await portalRow(id)).status).toBe("created");
    const [kept] = await query<{ verdict: string; session_id: string | null }>(P.db.url, `SELECT verdict, session_id FROM veriff_webhooks ORDER BY id DESC LIMIT 1`);
    expect(kept).toEqual({ verdict: "bad_signature", session_id: null });
    // The legacy X-SIGNATURE alone is accepted.
    const legacy = crypto.createHash("sha256").update(body + upstream.sharedSecret).digest("hex");
    const ok = await fetch(portal.veriffWebhookUrl, { method: "POST", headers: { "content-type": "application/json", "x-auth-client": upstream.apiKey, "x-signature": legacy }, body });
    expect(ok.status).toBe(200);
    expect((await portalRow(id)).status).toBe("started");
  });

  it("P's /v1 refuses to submit or take pictures for it (the flow is Veriff's), and DELETE deletes it at U first", async () => {
    const r = await call(P.server.url, "POST", "/v1/sessions", { keys: portal, body: { verification: { vendorData: "to-delete" } } });
    const id = r.json.verification!.id as string;
    const patch = await call(P.server.url, "PATCH", `/v1/sessions/${id}`, { keys: portal, body: { verification: { status: "submitted" } }, signature: true });
    expect({ status: patch.status, code: patch.json.code }).toEqual({ status: 409, code: "409" });
    expect(patch.json.message).toMatch(/lives at Veriff/);
    const media = await call(P.server.url, "POST", `/v1/sessions/${id}/media`, { keys: portal, body: { image: { context: "face", content: PNG.toString("base64") } }, signature: true });
    expect({ status: media.status, message: media.json.message }).toMatchObject({ status: 409, message: expect.stringMatching(/lives at Veriff/) });
    const del = await call(P.server.url, "DELETE", `/v1/sessions/${id}`, { keys: portal, signature: true });
    expect(del.status, del.text).toBe(200);
    expect(await query(U.db.url, `SELECT 1 FROM verification_sessions WHERE id = $1`, [id])).toEqual([]);
    expect(await query(P.db.url, `SELECT 1 FROM verification_sessions WHERE id = $1`, [id])).toEqual([]);
  });

  it("bad input at the CLI: one line each, nothing stored", async () => {
    const oneLine = (r: { status: number | null; stdout: string; stderr: string }) => {
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trim().split("\n");
      expect(lines, r.stderr).toHaveLength(1);
      return lines[0];
    };
    const before = (await query<{ n: number }>(P.db.url, `SELECT count(*)::int AS n FROM integrations`))[0].n;
    const base = ["integration", "create", "--name", "Bad", "--provider", "veriff", "--veriff-api-key", upstream.apiKey, "--veriff-shared-secret", upstream.sharedSecret];
    expect(oneLine(P.cli([...base, "--veriff-base-url", "http://stationapi.veriff.com"]))).toMatch(/^checkpoint integration create: --veriff-base-url Must use https:\/\//);
    const noFlag = runCli([...base, "--veriff-base-url", U.server.url], { ...P.env, CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "false" });
    expect(oneLine(noFlag)).toMatch(/only with CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS=true/);
    expect(oneLine(P.cli([...base.slice(0, -1), "wrong", "--veriff-base-url", U.server.url]))).toMatch(/^checkpoint integration create: Veriff refused the signature \(1818/);
    expect(oneLine(P.cli([...base, "--veriff-base-url", "http://127.0.0.1:1"]))).toBe("checkpoint integration create: Veriff could not be reached at http://127.0.0.1:1: connection refused. Nothing was saved.");
    expect((await query<{ n: number }>(P.db.url, `SELECT count(*)::int AS n FROM integrations`))[0].n).toBe(before);
    expect(oneLine(P.cli(["integration", "update", portal.id, "--veriff-shared-secret", "wrong"]))).toMatch(/^checkpoint integration update: --veriff-shared-secret: Veriff refused the signature/);
    expect(oneLine(P.cli(["integration", "update", portal.id, "--active", "maybe"]))).toBe('checkpoint integration update: --active must be "true" or "false".');

    // Veriff refuses the create (its integration is inactive): one line, no session.
    expect(U.cli(["integration", "update", upstream.id, "--active", "false"]).status).toBe(0);
    await new Promise((r) => setTimeout(r, 5200)); // U's key cache
    try {
      const sessions = (await query<{ n: number }>(P.db.url, `SELECT count(*)::int AS n FROM verification_sessions`))[0].n;
      expect(oneLine(P.cli(["sessions", "create", "--integration", portal.id]))).toMatch(/^checkpoint sessions create: Veriff refused the session create \(1804\): .* No session was stored\.$/);
      // An API caller of P gets Veriff's own answer, as if it had called Veriff.
      const direct = await call(U.server.url, "POST", "/v1/sessions", { keys: upstream, body: { verification: {} } });
      const via = await call(P.server.url, "POST", "/v1/sessions", { keys: portal, body: { verification: {} } });
      expect({ status: via.status, body: via.text }).toEqual({ status: direct.status, body: direct.text });
      expect(via.json).toMatchObject({ status: "fail", code: "1804" });
      expect((await query<{ n: number }>(P.db.url, `SELECT count(*)::int AS n FROM verification_sessions`))[0].n).toBe(sessions);
    } finally {
      expect(U.cli(["integration", "update", upstream.id, "--active", "true"]).status).toBe(0);
    }
  });
});
