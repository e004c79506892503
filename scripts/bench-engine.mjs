#!/usr/bin/env node
// `npm run bench:engine`: the verification engine on this machine, on a fresh database of the
// local PostgreSQL server, with the real server (API only) running the engine in its worker threads:
//   1. POST /v1/sessions at 32 keep-alive clients with the engine idle;
//   2. sessions (synthetic passports: three pictures each) submitted at a steady pace: each
//      session's decision latency from submit;
//   3. a backlog submitted at once: the engine's throughput (sessions per minute, per thread);
//   4. a backlog again, with the create load of 1 running while the engine works: p99 busy vs idle.
// Also the peak memory (VmHWM) of the server process and of its perception worker(s). Writes bench/results/<date>-engine.json.
// BENCH_SECONDS (default 10) per load phase; BENCH_ENGINE_SESSIONS (default 12) per engine phase;
// BENCH_ENGINE_INTERVAL_MS (default 3000) between paced submissions; CHECKPOINT_ENGINE_CONCURRENCY (default 1).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import http from "node:http";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freshDatabase, machine, startServer, summarize } from "../bench/lib.mjs";
import { childPids } from "../bench/proc.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SESSIONS = Number(process.env.BENCH_ENGINE_SESSIONS ?? 12);
const INTERVAL = Number(process.env.BENCH_ENGINE_INTERVAL_MS ?? 3000);
const THREADS = Number(process.env.CHECKPOINT_ENGINE_CONCURRENCY ?? 1);
const CONNECTIONS = 32;

const { register } = await import("tsx/esm/api");
register();
const { corpusSpecs, generateCase } = await import(path.join(root, "lib/engine/corpus/index.ts"));

function cli(args, env) {
  const r = spawnSync(process.execPath, ["bin/checkpoint.mjs", ...args], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`checkpoint ${args.join(" ")}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS * 2 });
function request(port, method, urlPath, body, headers = {}) {
  const raw = body === undefined ? "" : JSON.stringify(body);
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: "127.0.0.1", port, path: urlPath, method, agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(raw), ...headers } }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode, text, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.on("error", (e) => resolve({ status: e.code ?? "error", text: "", ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    req.end(raw);
  });
}
const hmac = (secret, msg) => crypto.createHmac("sha256", secret).update(msg).digest("hex");

/** 32 clients creating sessions back to back for `seconds`. */
async function createLoad(port, keys, seconds) {
  const body = { verification: { person: { firstName: "Sarah", lastName: "Morgan" }, vendorData: "bench", timestamp: new Date().toISOString() } };
  const until = Date.now() + seconds * 1000;
  const lat = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        const r = await request(port, "POST", "/v1/sessions", body, { "x-auth-client": keys.apiKey });
        lat.push(r.ms);
        if (r.status !== 201) errors++;
      }
    }),
  );
  return { ...summarize(lat), reqPerSec: Math.round(lat.length / seconds), errors };
}

async function submit(port, keys, c) {
  const created = await request(port, "POST", "/v1/sessions", { verification: { person: c.person, document: c.document } }, { "x-auth-client": keys.apiKey });
  const id = JSON.parse(created.text).verification.id;
  for (const img of c.images) {
    const body = { image: { context: img.context, content: Buffer.from(img.bytes).toString("base64") } };
    const r = await request(port, "POST", `/v1/sessions/${id}/media`, body, { "x-auth-client": keys.apiKey, "x-hmac-signature": hmac(keys.sharedSecret, JSON.stringify(body)) });
    if (r.status !== 201) throw new Error(`upload failed: ${r.status} ${r.text}`);
  }
  const patch = { verification: { status: "submitted" } };
  const r = await request(port, "PATCH", `/v1/sessions/${id}`, patch, { "x-auth-client": keys.apiKey, "x-hmac-signature": hmac(keys.sharedSecret, JSON.stringify(patch)) });
  if (r.status !== 200) throw new Error(`submit failed: ${r.status} ${r.text}`);
  return id;
}

async function waitDecided(db, ids, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM engine_jobs WHERE session_id = ANY($1) AND state <> 'pending'`, [ids]);
    if (rows[0].n === ids.length) return;
    if (Date.now() > until) throw new Error(`only ${rows[0].n}/${ids.length} decided in time`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function peakRssMiB(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(s)[1]) / 1024);
  } catch {
    return null;
  }
}

async function main() {
  console.log(`Generating ${SESSIONS * 3 + 1} synthetic passports...`);
  const spec = corpusSpecs().find((s) => s.name === "passport-valid");
  const cases = [];
  for (let i = 0; i < SESSIONS * 3 + 1; i++) cases.push(await generateCase({ ...spec, name: `bench-${i}`, holder: { documentNumber: `B${String(1_000_000 + i)}` } }));

  const database = await freshDatabase("cp_bench_engine");
  const env = { DATABASE_URL: database.url, AUTH_SECRET: crypto.randomBytes(32).toString("hex"), APP_URL: "http://127.0.0.1", CHECKPOINT_ENGINE: "on", CHECKPOINT_ENGINE_CONCURRENCY: String(THREADS), CHECKPOINT_ENGINE_POLL_MS: "100" };
  const db = new pg.Client({ connectionString: database.url });
  let server;
  try {
    server = await startServer(env, { apiOnly: true });
    await db.connect();
    const load = cli(["integration", "create", "--name", "Load", "--plan", "enterprise", "--rate-cap", "1000000", "--json"], env);
    const engine = cli(["integration", "create", "--name", "Engine", "--environment", "live", "--plan", "enterprise", "--rate-cap", "1000000", "--auto-decide", "true", "--review", "--json"], env);
    // Warm: the first session loads the models in the worker thread.
    const warm = await submit(server.port, engine, cases.pop());
    await waitDecided(db, [warm], 120_000);

    console.log(`Create load, engine idle (${SECONDS} s)...`);
    await createLoad(server.port, load, 2);
    const idle = await createLoad(server.port, load, SECONDS);
    console.log(`  ${idle.reqPerSec} req/s, p50 ${idle.p50} ms, p99 ${idle.p99} ms, ${idle.errors} errors`);

    console.log(`${SESSIONS} sessions submitted one every ${INTERVAL} ms...`);
    const paced = [];
    for (let i = 0; i < SESSIONS; i++) {
      const t = Date.now();
      paced.push(await submit(server.port, engine, cases.pop()));
      await new Promise((r) => setTimeout(r, Math.max(0, INTERVAL - (Date.now() - t))));
    }
    await waitDecided(db, paced, 300_000);
    const lat = await db.query(`SELECT (report->'timings'->>'submitToDecisionMs')::float AS ms, outcome FROM engine_jobs WHERE session_id = ANY($1)`, [paced]);
    const decision = summarize(lat.rows.map((r) => r.ms));
    const outcomes = Object.fromEntries([...new Set(lat.rows.map((r) => r.outcome))].map((o) => [o, lat.rows.filter((r) => r.outcome === o).length]));
    console.log(`  decision latency from submit: p50 ${decision.p50} ms, p95 ${decision.p95} ms; outcomes ${JSON.stringify(outcomes)}`);

    console.log(`Backlog: ${SESSIONS} sessions submitted at once...`);
    const backlog = [];
    for (let i = 0; i < SESSIONS; i++) backlog.push(await submit(server.port, engine, cases.pop()));
    await waitDecided(db, backlog, 600_000);
    const span = await db.query(`SELECT extract(epoch FROM max(finished_at) - min(started_at)) * 1000 AS ms, avg((report->'timings'->>'perceptionMs')::float) AS perception FROM engine_jobs WHERE session_id = ANY($1)`, [backlog]);
    const ms = Number(span.rows[0].ms);
    const perMinute = Math.round((SESSIONS / ms) * 60_000 * 10) / 10;
    const perThread = Math.round((perMinute / THREADS) * 10) / 10;
    console.log(`  ${perMinute} sessions/min with ${THREADS} thread(s) (${perThread} per thread), perception mean ${Math.round(span.rows[0].perception)} ms`);

    console.log(`Create load (${SECONDS} s) while the engine works through a backlog of ${SESSIONS}...`);
    const busyBacklog = [];
    for (let i = 0; i < SESSIONS; i++) busyBacklog.push(await submit(server.port, engine, cases.pop()));
    const busy = await createLoad(server.port, load, SECONDS);
    const { rows: stillPending } = await db.query(`SELECT count(*)::int AS n FROM engine_jobs WHERE session_id = ANY($1) AND state = 'pending'`, [busyBacklog]);
    console.log(`  ${busy.reqPerSec} req/s, p50 ${busy.p50} ms, p99 ${busy.p99} ms, ${busy.errors} errors (engine still had ${stillPending[0].n} of ${SESSIONS} to do at the end)`);
    await waitDecided(db, busyBacklog, 600_000);
    // The machine is shared: the idle figure again, right after, shows how much of a difference is drift.
    console.log(`Create load, engine idle again (${SECONDS} s)...`);
    const idleAfter = await createLoad(server.port, load, SECONDS);
    console.log(`  ${idleAfter.reqPerSec} req/s, p50 ${idleAfter.p50} ms, p99 ${idleAfter.p99} ms, ${idleAfter.errors} errors`);
    const memory = peakRssMiB(server.child.pid);
    const workers = childPids(server.child.pid).map((p) => peakRssMiB(p));
    console.log(`  peak RSS: server process ${memory} MiB, perception worker(s) ${workers.join(", ")} MiB`);

    const result = {
      date: new Date().toISOString(),
      machine: machine(),
      threads: THREADS,
      sessionsPerPhase: SESSIONS,
      loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 10) / 10),
      pacedIntervalMs: INTERVAL,
      createIdle: idle,
      createBusy: busy,
      createIdleAfter: idleAfter,
      // Against the better of the two idle runs around it.
      createP99BusyVsIdle: Math.round((busy.p99 / Math.min(idle.p99, idleAfter.p99)) * 100) / 100,
      decisionLatencyMs: decision,
      pacedOutcomes: outcomes,
      throughput: { sessionsPerMinute: perMinute, perThread, meanPerceptionMs: Math.round(span.rows[0].perception) },
      serverPeakRssMiB: memory,
      workerPeakRssMiB: workers,
      targets: { decisionP95MsUnder: 10_000, sessionsPerMinutePerCoreAtLeast: 20, createP99BusyVsIdleAtMost: 1.5 },
    };
    result.met = { decisionP95: decision.p95 < 10_000, throughput: perThread >= 20, createP99: result.createP99BusyVsIdle <= 1.5 };
    fs.mkdirSync("bench/results", { recursive: true });
    const file = `bench/results/${result.date.slice(0, 10)}-engine.json`;
    fs.writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
    console.log(`\nWrote ${file}`);
    console.log(JSON.stringify(result));
  } finally {
    agent.destroy();
    await db.end().catch(() => {});
    await server?.stop();
    await database.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
