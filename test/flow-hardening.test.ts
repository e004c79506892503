import { afterAll, beforeAll, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { createDatabase, setEnv, useDatabase, query, type TestDatabase } from "./support/db.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { AuthClient } from "./support/next-auth-client.ts";
import { closeDb } from "../lib/db/index.ts";
import { createIntegration } from "../lib/integrations/create-integration.ts";
import { createSession } from "../lib/sessions/create-session.ts";
import { decideSession } from "../lib/sessions/decide-session.ts";
import { parseCreateSession } from "../lib/validation/session.ts";
import { createUser } from "../lib/users/create-user.ts";
import { resetPassword } from "../lib/users/manage-user.ts";
import { cliActor } from "../lib/audit/record.ts";

const MB = 1024 * 1024;

/** The server process's resident memory, in bytes (/proc/<pid>/status). */
const rss = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

/**
 * POSTs a chunked body of `total` bytes (no Content-Length), 1 MB at a time as fast as the server
 * takes it, and stops sending when the answer arrives. Samples the server's RSS meanwhile. A tiny
 * POST to the same route goes first: loading the route's code is not what is measured.
 */
async function chunkedPost(base: string, path: string, total: number, pid: number, headers: Record<string, string> = {}) {
  await (await fetch(base + path, { method: "POST", headers, body: "x" })).arrayBuffer();
  return new Promise<{ status: number; ms: number; sentMB: number; peakGrowthMB: number; body: string }>((resolve, reject) => {
    const before = rss(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss(pid))), 20);
    const chunk = Buffer.alloc(MB, 0x61);
    let sent = 0;
    let answered = false;
    const t0 = performance.now();
    const req = http.request(base + path, { method: "POST", headers: { "transfer-encoding": "chunked", ...headers } });
    const finish = (status: number, body: string) => {
      clearInterval(sampler);
      peak = Math.max(peak, rss(pid));
      resolve({ status, ms: performance.now() - t0, sentMB: sent / MB, peakGrowthMB: (peak - before) / MB, body });
    };
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        req.destroy();
        finish(res.statusCode!, body);
      });
      res.on("error", () => finish(res.statusCode!, body));
    });
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

const get = (url: string) =>
  new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    http.get(url, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    }).on("error", reject);
  });

const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(2000)]);
const uploadForm = (context: string) => {
  const f = new FormData();
  f.append("context", context);
  f.append("file", new Blob([jpeg()], { type: "image/jpeg" }), "p.jpg");
  return f;
};

// The real server (server.ts + the Next production build) on a real PostgreSQL server.
describe("bounded bodies, links that end, headers and timeouts (over HTTP)", () => {
  let db: TestDatabase;
  let server: RunningServer;
  let pid: number;
  let testIntegration: { id: string; plan: "self-serve"; rateCap: number | null };
  let liveIntegration: { id: string; plan: "self-serve"; rateCap: number | null };
  const secret = crypto.randomBytes(32).toString("hex");
  /** Opens the link, uploads the three pictures and submits. */
  const submitted = async (token: string) => {
    const base = `${server.url}/v/${token}`;
    expect((await fetch(base)).status).toBe(200);
    for (const c of ["document-front", "document-back", "face"]) expect((await fetch(`${base}/media`, { method: "POST", body: uploadForm(c) })).status).toBe(201);
    expect((await fetch(`${base}/submit`, { method: "POST" })).status).toBe(200);
  };
  const newSession = async (i = testIntegration) => createSession(i, parseCreateSession({ verification: {} }), { source: "api" });

  beforeAll(async () => {
    db = await createDatabase("server");
    useDatabase(db);
    setEnv({ AUTH_SECRET: secret, APP_URL: undefined, CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true" });
    testIntegration = { id: (await createIntegration({ name: "Test shop", environment: "test" }, cliActor)).id, plan: "self-serve", rateCap: 1000 };
    liveIntegration = { id: (await createIntegration({ name: "Live shop", environment: "live" }, cliActor)).id, plan: "self-serve", rateCap: 1000 };
    await createUser({ email: "proxied@example.com", name: "Proxied", role: "admin", password: "a proxied admin password" }, cliActor);
    server = await startServer(
      { DATABASE_URL: db.url, AUTH_SECRET: secret, TRUSTED_PROXIES: "127.0.0.1, ::1", PORT: process.env.TEST_HTTP_PORT ?? "4111" },
      { apiOnly: false, timeoutMs: 120_000 },
    );
    pid = server.process.pid!;
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await closeDb();
    await db?.drop();
  });

  describe("request bodies are bounded before they are read", () => {
    it("a malformed token is the friendly 'not valid' answer on every flow route, never a 500", async () => {
      for (const path of ["/v/%25zz/media", "/v/%25zz/test-decision", "/v/%25zz/submit"]) {
        const r = await fetch(server.url + path, { method: "POST", body: "{}" });
        expect([path, r.status, (await r.json()).code]).toEqual([path, 404, "invalid_token"]);
      }
      const m = await fetch(`${server.url}/v/%25zz/media/${crypto.randomUUID()}`);
      expect(m.status).toBe(404);
      const page = await fetch(`${server.url}/v/%25zz`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("This link does not work");
    });

    it("300 MB chunked to an unknown token's media and test-decision: 404 before the body is read", async () => {
      for (const path of ["/v/not-a-token/media", "/v/eyJhbGciOiJIUzI1NiJ9.eyJzZXNzaW9uX2lkIjoiMSJ9.c2ln/test-decision"]) {
        const r = await chunkedPost(server.url, path, 300 * MB, pid, { "content-type": "multipart/form-data; boundary=x" });
        expect(r.status).toBe(404);
        expect(r.ms).toBeLessThan(5000);
        expect(r.peakGrowthMB).toBeLessThan(50);
      }
    }, 60_000);

    it("300 MB chunked to an open session's submit and page (which read no body): answered fast, under 50 MB", async () => {
      const s = await newSession();
      await fetch(`${server.url}/v/${s.sessionToken}`);
      for (const [path, type] of [[`/v/${s.sessionToken}/submit`, "application/json"], [`/v/${s.sessionToken}`, "multipart/form-data; boundary=x"]]) {
        const r = await chunkedPost(server.url, path, 300 * MB, pid, { "content-type": type });
        // submit: pictures missing (400); the page: Next tries a multipart POST as a form action and
        // refuses it (its body limit applies); either way the body is never held.
        expect([path, r.status]).toEqual([path, path.endsWith("/submit") ? 400 : 500]);
        expect(r.ms).toBeLessThan(10_000);
        expect(r.peakGrowthMB).toBeLessThan(50);
      }
    }, 60_000);

    it("300 MB chunked to an open session's media: 413 at the limit, under 50 MB of server memory", async () => {
      const s = await newSession();
      await fetch(`${server.url}/v/${s.sessionToken}`); // created → started
      const r = await chunkedPost(server.url, `/v/${s.sessionToken}/media`, 300 * MB, pid, { "content-type": "multipart/form-data; boundary=x" });
      console.log(`[measure] 300 MB chunked upload to an open session: ${r.status} after ${r.sentMB} MB sent, ${r.ms.toFixed(0)} ms, server RSS +${r.peakGrowthMB.toFixed(1)} MB`);
      expect(r.status).toBe(413);
      expect(JSON.parse(r.body).code).toBe("body_too_large");
      expect(r.peakGrowthMB).toBeLessThan(50);
      expect(r.ms).toBeLessThan(10_000);
      // A declared Content-Length over the limit is refused before a byte is read.
      const declared = await new Promise<number>((resolve, reject) => {
        const req = http.request(`${server.url}/v/${s.sessionToken}/media`, { method: "POST", headers: { "content-length": String(300 * MB), "content-type": "multipart/form-data; boundary=x" } });
        req.on("response", (res) => (res.resume(), resolve(res.statusCode!), req.destroy()));
        req.on("error", reject);
        req.write("--x\r\n");
      });
      expect(declared).toBe(413);
    }, 60_000);

    it("300 MB chunked to test-decision, the sign-in endpoint and a server action: refused, under 50 MB", async () => {
      const s = await newSession();
      const decision = await chunkedPost(server.url, `/v/${s.sessionToken}/test-decision`, 300 * MB, pid, { "content-type": "application/json" });
      console.log(`[measure] test-decision ${decision.status} after ${decision.sentMB} MB, ${decision.ms.toFixed(0)} ms, RSS +${decision.peakGrowthMB.toFixed(1)} MB`);
      expect(decision.status).toBe(413);
      expect(decision.peakGrowthMB).toBeLessThan(50);
      const signIn = await chunkedPost(server.url, "/api/auth/callback/credentials", 300 * MB, pid, { "content-type": "application/x-www-form-urlencoded" });
      console.log(`[measure] sign-in ${signIn.status} after ${signIn.sentMB} MB, ${signIn.ms.toFixed(0)} ms, RSS +${signIn.peakGrowthMB.toFixed(1)} MB`);
      expect(signIn.status).toBe(413);
      expect(signIn.peakGrowthMB).toBeLessThan(50);
      // A real server action (a set-password link's, from its page): Next stops its body at the
      // limit (1 MB, next.config.ts); a declared larger length is refused by server.ts before Next reads it.
      const u = (await createUser({ email: "linked@example.com", name: "Linked", role: "reviewer", password: "a linked reviewer password" }, cliActor)).user;
      const link = (await resetPassword({ userId: u.id, credential: "link" }, cliActor)).credential;
      if (link.kind !== "link") throw new Error("expected a link");
      const path = new URL(link.url).pathname;
      const actionId = /&quot;id&quot;:&quot;([0-9a-f]{40,})&quot;/.exec(await (await fetch(server.url + path)).text())?.[1];
      expect(actionId).toBeTruthy();
      const action = await chunkedPost(server.url, path, 300 * MB, pid, { "next-action": actionId!, "content-type": "multipart/form-data; boundary=x" });
      console.log(`[measure] server action ${action.status} after ${action.sentMB} MB, ${action.ms.toFixed(0)} ms, RSS +${action.peakGrowthMB.toFixed(1)} MB`);
      expect(action.status).toBeGreaterThanOrEqual(400);
      expect(action.peakGrowthMB).toBeLessThan(50);
      const declared = await new Promise<number>((resolve, reject) => {
        const req = http.request(server.url + path, { method: "POST", headers: { "next-action": actionId!, "content-length": String(300 * MB), "content-type": "multipart/form-data; boundary=x" } });
        req.on("response", (res) => (res.resume(), resolve(res.statusCode!), req.destroy()));
        req.on("error", reject);
        req.write("--x\r\n");
      });
      expect(declared).toBe(413);
      // A legitimate small decision still works.
      await submitted(s.sessionToken);
      const ok = await fetch(`${server.url}/v/${s.sessionToken}/test-decision`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ decision: "approved" }) });
      expect([ok.status, (await ok.json()).status]).toEqual([200, "approved"]);
    }, 90_000);
  });

  describe("links and media that end", () => {
    it("media is the person's only while their attempt is open; a decided link shows the finished screen and nothing else", async () => {
      const s = await newSession(liveIntegration);
      const base = `${server.url}/v/${s.sessionToken}`;
      expect((await fetch(base)).status).toBe(200); // started
      const up = await fetch(`${base}/media`, { method: "POST", body: uploadForm("document-front") });
      expect(up.status).toBe(201);
      const { id } = (await up.json()) as { id: string };
      expect((await fetch(`${base}/media/${id}`)).status).toBe(200);

      for (const c of ["document-back", "face"]) expect((await fetch(`${base}/media`, { method: "POST", body: uploadForm(c) })).status).toBe(201);
      expect((await fetch(`${base}/submit`, { method: "POST" })).status).toBe(200);
      // Submitted: the attempt is closed to the person.
      expect((await fetch(`${base}/media/${id}`)).status).toBe(404);
      const late = await fetch(`${base}/media`, { method: "POST", body: uploadForm("face") });
      expect([late.status, (await late.json()).code]).toEqual([409, "media_after_submit"]);

      await decideSession({ sessionId: s.id, decision: "approved", actor: { type: "cli" } });
      expect((await fetch(`${base}/media/${id}`)).status).toBe(404);
      const afterDecision = await chunkedPost(server.url, `/v/${s.sessionToken}/media`, 50 * MB, pid, { "content-type": "multipart/form-data; boundary=x" });
      expect(afterDecision.status).toBe(409);
      expect(afterDecision.sentMB).toBeLessThan(50);
      const html = await (await fetch(base)).text();
      expect(html).toContain('data-testid="session-status"');
      expect(html).toContain("Nothing left to do");
      expect(html).not.toContain(`${s.sessionToken}/media`);
      expect(html).not.toContain("<img");
      const [row] = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM media WHERE session_id = $1`, [s.id]);
      expect(row.n).toBe(3);
    }, 60_000);

    it("a link past its session's expiry shows and takes no pictures, even before the sweeper ends it", async () => {
      const s = await newSession(liveIntegration);
      const base = `${server.url}/v/${s.sessionToken}`;
      await fetch(base);
      const { id } = (await (await fetch(`${base}/media`, { method: "POST", body: uploadForm("face") })).json()) as { id: string };
      expect((await fetch(`${base}/media/${id}`)).status).toBe(200);
      await query(db.url, `UPDATE verification_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [s.id]);
      expect((await fetch(`${base}/media/${id}`)).status).toBe(404);
      expect((await fetch(`${base}/media`, { method: "POST", body: uploadForm("face") })).status).toBe(409);
    });
  });

  describe("headers, addresses and timeouts", () => {
    it("every page has a Content-Security-Policy with a fresh nonce on all of its scripts; the portal is never framed, the flow may be", async () => {
      const a = await get(`${server.url}/sign-in`);
      const b = await get(`${server.url}/sign-in`);
      const policy = String(a.headers["content-security-policy"]);
      const nonce = /'nonce-([^']+)'/.exec(policy)![1];
      expect(nonce).not.toBe(/'nonce-([^']+)'/.exec(String(b.headers["content-security-policy"]))![1]);
      expect(policy).toContain("'strict-dynamic'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toContain("unsafe-eval");
      expect(policy).toContain("object-src 'none'");
      const scripts = a.body.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(2);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      // APP_URL is http here: no HSTS (lib/http/security-headers.test.ts has the https case).
      expect(a.headers["strict-transport-security"]).toBeUndefined();

      const s = await newSession();
      const flow = await get(`${server.url}/v/${s.sessionToken}`);
      expect(String(flow.headers["content-security-policy"])).toContain("frame-ancestors *");
      const flowNonce = /'nonce-([^']+)'/.exec(String(flow.headers["content-security-policy"]))![1];
      for (const tag of flow.body.match(/<script\b[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${flowNonce}"`);
    });

    it("keeps idle connections longer than a load balancer's 60 s", async () => {
      const r = await get(`${server.url}/sign-in`);
      expect(r.headers["keep-alive"]).toBe("timeout=65");
    });

    it("behind a trusted proxy, the audit log records the right-most untrusted X-Forwarded-For hop", async () => {
      const c = new AuthClient(server.url);
      const csrfToken = await c.csrf();
      const res = await c.fetch("/api/auth/callback/credentials", {
        method: "POST",
        // The left hop is whatever the client wrote; the proxy (127.0.0.1, trusted) appended 203.0.113.9.
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.66, 203.0.113.9" },
        body: new URLSearchParams({ csrfToken, email: "proxied@example.com", password: "a proxied admin password", otp: "", json: "true", callbackUrl: server.url + "/" }),
      });
      await res.arrayBuffer();
      expect(c.cookies.has("next-auth.session-token")).toBe(true);
      const [row] = await query<{ ip: string }>(db.url, `SELECT ip FROM audit_logs WHERE action = 'user.sign_in' ORDER BY id DESC LIMIT 1`);
      expect(row.ip).toBe("203.0.113.9");
    });
  });
});
