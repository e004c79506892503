// The engine end to end: the real server (API) and real PostgreSQL, the real perception in the
// server's worker threads and in `checkpoint engine run-once` processes, the synthetic corpus.
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiWorld, call, type ApiWorld, type Keys } from "./api/support.ts";
import { query } from "./support/db.ts";
import { runCli } from "./support/server.ts";
import { corpusSpecs, generateCase, type Case } from "../lib/engine/corpus/index.ts";
import { childPids } from "../bench/proc.mjs";

const root = path.resolve(import.meta.dirname, "..");

/** A corpus case with its own document number, so duplicate and velocity checks stay out of the way. */
async function corpusCase(name: string, over: { documentNumber?: string } = {}): Promise<Case> {
  const spec = corpusSpecs().find((s) => s.name === name)!;
  const documentNumber = over.documentNumber ?? `K${crypto.randomInt(1_000_000, 9_999_999)}`;
  return generateCase({ ...spec, holder: { ...spec.holder, documentNumber } });
}

/** Creates a session with the case's person and document, uploads its pictures and submits it through the API. */
async function submitCase(base: string, keys: Keys, c: Case): Promise<string> {
  const created = await call(base, "POST", "/v1/sessions", { keys, body: { verification: { person: c.person, document: c.document, vendorData: `eval-${c.name}` } } });
  expect(created.status, created.text).toBe(201);
  const id = (created.json.verification as { id: string }).id;
  for (const img of c.images) {
    const up = await call(base, "POST", `/v1/sessions/${id}/media`, { keys, body: { image: { context: img.context, content: Buffer.from(img.bytes).toString("base64") } }, signature: true });
    expect(up.status, up.text).toBe(201);
  }
  const sub = await call(base, "PATCH", `/v1/sessions/${id}`, { keys, body: { verification: { status: "submitted" } }, signature: true });
  expect(sub.status, sub.text).toBe(200);
  return id;
}

async function waitForDecision(base: string, keys: Keys, id: string, timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = await call(base, "GET", `/v1/sessions/${id}/decision`, { keys, signature: true });
    if (r.json.verification) return r.json.verification as Record<string, unknown> & { person: Record<string, unknown>; document: Record<string, unknown> };
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`no decision for ${id} within ${timeoutMs} ms`);
}

function runOnce(env: Record<string, string>) {
  const child = spawn(process.execPath, ["bin/checkpoint.mjs", "engine", "run-once", "--json"], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const done = new Promise<{ code: number | null; out: string }>((resolve) => child.on("exit", (code) => resolve({ code, out })));
  return { child, done };
}

describe("the engine decides over HTTP (server with engine threads)", () => {
  let world: ApiWorld;
  let keys: Keys;
  beforeAll(async () => {
    world = await apiWorld("server", { CHECKPOINT_ENGINE: "on", CHECKPOINT_ENGINE_POLL_MS: "100" });
    keys = world.integration(["--environment", "live", "--auto-decide", "true", "--review"]);
  }, 180_000);
  afterAll(async () => {
    await world?.stop();
  });

  it("approves a valid passport matching the person with a selfie of the same face, within 10 s, with what was read", async () => {
    const c = await corpusCase("passport-valid");
    const started = Date.now();
    const id = await submitCase(world.server.url, keys, c);
    const v = await waitForDecision(world.server.url, keys, id);
    const ms = Date.now() - started;
    expect(v).toMatchObject({ status: "approved", code: 9001, reasonCode: null, vendorData: "eval-passport-valid" });
    expect(v.person).toMatchObject({ firstName: "KRISTJAN MART", lastName: "TAMM", dateOfBirth: "1988-04-17", yearOfBirth: "1988", gender: "M", nationality: "EE", idNumber: "38804170235" });
    expect(v.document).toMatchObject({ type: "PASSPORT", number: c.truth.documentNumber, country: "EE", validUntil: c.truth.expiryDate });
    expect((v.additionalVerifiedData as { estimatedAge?: number }).estimatedAge).toEqual(expect.any(Number));
    // The first session includes loading the models in the worker thread (~2 s).
    expect(ms).toBeLessThan(10_000 + 5_000);
    const person = await call(world.server.url, "GET", `/v1/sessions/${id}/person`, { keys, signature: true });
    expect(person.json.person).toMatchObject({ firstName: "KRISTJAN MART", lastName: "TAMM", idNumber: "38804170235", dateOfBirth: "1988-04-17" });
    const [event] = await query(world.db.url, `SELECT actor_type FROM session_events WHERE session_id = $1 AND to_status = 'approved'`, [id]);
    expect(event).toEqual({ actor_type: "engine" });
  });

  it("expired → 9103/207, wrong check digit → 9102/102, another name → 9102/104, blurred → 9103/204", async () => {
    const cases = await Promise.all(["passport-expired", "passport-wrong-check-digit", "passport-name-mismatch", "passport-blurred"].map((n) => corpusCase(n)));
    const ids = [];
    for (const c of cases) ids.push(await submitCase(world.server.url, keys, c));
    const decided = [];
    for (const id of ids) decided.push(await waitForDecision(world.server.url, keys, id));
    expect(decided.map((v) => [v.status, v.reasonCode])).toEqual([
      ["resubmission_requested", 207],
      ["declined", 102],
      ["declined", 104],
      ["resubmission_requested", 204],
    ]);
    // A document whose check digits fail is not reported as read data.
    expect(decided[1].person.firstName).toBe("Kristjan Mart");
  });

  it("a session whose attempt lacks the selfie is asked again (605); the API stays fast while the engine works", async () => {
    const c = await corpusCase("passport-selfie-missing");
    const id = await submitCase(world.server.url, keys, c);
    // While the engine thread works, the API answers as usual.
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const r = await call(world.server.url, "POST", "/v1/sessions", { keys, body: { verification: {} } });
      times.push(performance.now() - t);
      expect(r.status).toBe(201);
    }
    const v = await waitForDecision(world.server.url, keys, id);
    expect([v.status, v.reasonCode]).toEqual(["resubmission_requested", 605]);
    expect(Math.max(...times)).toBeLessThan(1000);
  });

  it("a perception worker that dies mid-job is replaced; the job is retried and decided once, the server unharmed", async () => {
    const c = await corpusCase("passport-valid");
    const id = await submitCase(world.server.url, keys, c);
    await waitForClaim(world.db.url, id);
    const until = Date.now() + 60_000;
    // The worker starts with the first job; kill it while it works on this one.
    let workers = childPids(world.server.process.pid!);
    while (workers.length === 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
      workers = childPids(world.server.process.pid!);
    }
    expect(workers.length).toBe(1);
    // At once: it is loading its models or reading this attempt's pictures, either way mid-job.
    process.kill(workers[0], "SIGKILL");
    const v = await waitForDecision(world.server.url, keys, id, 120_000);
    expect(v.status).toBe("approved");
    const [job] = await query<{ attempt_count: number; state: string }>(world.db.url, `SELECT attempt_count, state FROM engine_jobs WHERE session_id = $1`, [id]);
    expect(job).toEqual({ attempt_count: 2, state: "done" });
    expect(await query(world.db.url, `SELECT count(*)::int AS n FROM decisions WHERE session_id = $1`, [id])).toEqual([{ n: 1 }]);
    expect((await call(world.server.url, "POST", "/v1/sessions", { keys, body: { verification: {} } })).status).toBe(201);
  }, 120_000);
});

/** Waits until the session's engine job is claimed and not yet finished. */
async function waitForClaim(dbUrl: string, sessionId: string) {
  const until = Date.now() + 60_000;
  for (;;) {
    const [job] = await query<{ locked_by: string | null; state: string }>(dbUrl, `SELECT locked_by, state FROM engine_jobs WHERE session_id = $1`, [sessionId]);
    if (job.locked_by && job.state === "pending") return;
    if (Date.now() > until || job.state !== "pending") throw new Error(`job not claimed in time (${job.state})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the engine's jobs across processes (checkpoint engine run-once)", () => {
  let world: ApiWorld;
  let keys: Keys;
  beforeAll(async () => {
    world = await apiWorld("server", { CHECKPOINT_ENGINE: "off" });
    keys = world.integration(["--environment", "live", "--auto-decide", "true", "--review"]);
  }, 180_000);
  afterAll(async () => {
    await world?.stop();
  });

  it("two processes running at once never decide one job twice", async () => {
    const cases = await Promise.all([0, 1, 2, 3].map(() => corpusCase("passport-valid")));
    const ids = [];
    for (const c of cases) ids.push(await submitCase(world.server.url, keys, c));
    const a = runOnce(world.env);
    const b = runOnce(world.env);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.code, ra.out).toBe(0);
    expect(rb.code, rb.out).toBe(0);
    const decidedBy = [...JSON.parse(ra.out.trim().split("\n").pop()!), ...JSON.parse(rb.out.trim().split("\n").pop()!)].map((r: { sessionId: string }) => r.sessionId);
    expect(decidedBy.sort()).toEqual([...ids].sort());
    const rows = await query<{ session_id: string; n: number }>(world.db.url, `SELECT session_id, count(*)::int AS n FROM decisions WHERE session_id = ANY($1) GROUP BY session_id`, [ids]);
    expect(rows.map((r) => r.n)).toEqual([1, 1, 1, 1]);
    for (const id of ids) expect((await waitForDecision(world.server.url, keys, id)).status).toBe("approved");
  }, 180_000);

  it("a job whose process was killed mid-check is taken again after its lease and decided once", async () => {
    const c = await corpusCase("passport-valid");
    const id = await submitCase(world.server.url, keys, c);
    const env = { ...world.env, CHECKPOINT_ENGINE_LEASE_MS: "12000" };
    const crashing = runOnce(env);
    // Kill it once it holds the job (claimed, not finished).
    await waitForClaim(world.db.url, id);
    crashing.child.kill("SIGKILL");
    await crashing.done;
    const [held] = await query<{ state: string; attempt_count: number }>(world.db.url, `SELECT state, attempt_count FROM engine_jobs WHERE session_id = $1`, [id]);
    expect(held).toEqual({ state: "pending", attempt_count: 1 });
    // Within the lease nobody else takes it.
    expect(JSON.parse(runCli(["engine", "run-once", "--json"], env).stdout)).toEqual([]);
    const [{ wait }] = await query<{ wait: number }>(world.db.url, `SELECT GREATEST(0, extract(epoch FROM locked_until - now()) * 1000)::int AS wait FROM engine_jobs WHERE session_id = $1`, [id]);
    await new Promise((r) => setTimeout(r, wait + 200));
    const again = runCli(["engine", "run-once", "--json"], env);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual([{ sessionId: id, outcome: "approved", rule: "all_pass", reasonCode: null }]);
    expect(await query(world.db.url, `SELECT state, attempt_count FROM engine_jobs WHERE session_id = $1`, [id])).toEqual([{ state: "done", attempt_count: 2 }]);
    expect(await query(world.db.url, `SELECT count(*)::int AS n FROM decisions WHERE session_id = $1`, [id])).toEqual([{ n: 1 }]);
  }, 180_000);
});
