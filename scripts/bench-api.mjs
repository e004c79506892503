// `npm run bench:api`: throughput and latency of POST /v1/sessions (key lookup, validation, rate
// cap, session + attempt + event rows, token) at 32 concurrent keep-alive clients, beside a
// no-op Next route handler and a plain node:http + pg insert, on a fresh database of the local
// PostgreSQL server; then the create path again on the embedded database (PGlite).
// Loopback only. Writes bench/results/<date>-api.json. BENCH_SECONDS (default 10) per scenario.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort, freshDatabase } from "../bench/lib.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = 32;
// BENCH_SCENARIOS=create,noop,plain,pglite (default all) to run a subset while tuning.
const only = new Set((process.env.BENCH_SCENARIOS ?? "create,noop,plain,pglite").split(","));
const AUTH_SECRET = crypto.randomBytes(32).toString("hex");
const children = new Set();

function start(cmd, args, env, readyText) {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${out}`)), 300_000);
    const onData = (d) => {
      out += d;
      if (out.includes(readyText)) {
        clearTimeout(timer);
        resolve({
          child,
          stop: () =>
            new Promise((r) => {
              if (child.exitCode !== null) return r();
              child.once("exit", () => r());
              child.kill("SIGTERM");
              setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
            }),
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      children.delete(child);
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}`));
    });
  });
}

/** 32 keep-alive clients, each sending its next request when the last one is answered. */
async function load(name, { port, path: urlPath, headers = {}, body = "", expect = [200, 201] }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const send = () =>
    new Promise((resolve) => {
      const t0 = process.hrtime.bigint();
      const req = http.request(
        { host: "127.0.0.1", port, path: urlPath, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers } },
        (res) => {
          res.resume();
          res.on("end", () => resolve({ ok: expect.includes(res.statusCode), status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
        },
      );
      req.on("error", (e) => resolve({ ok: false, status: e.code ?? "error", ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
      req.end(body);
    });
  const run = async (seconds, record) => {
    const until = Date.now() + seconds * 1000;
    const lat = [];
    const errors = {};
    let n = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (Date.now() < until) {
          const r = await send();
          n++;
          if (record) lat.push(r.ms);
          if (!r.ok) errors[r.status] = (errors[r.status] ?? 0) + 1;
        }
      }),
    );
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    return { n, lat, errors, elapsed };
  };
  await run(WARMUP, false);
  const { n, lat, errors, elapsed } = await run(SECONDS, true);
  agent.destroy();
  lat.sort((a, b) => a - b);
  const q = (p) => Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] * 10) / 10;
  const result = { scenario: name, requests: n, seconds: Math.round(elapsed * 100) / 100, reqPerSec: Math.round(n / elapsed), p50Ms: q(0.5), p99Ms: q(0.99), maxMs: q(1), errors: Object.values(errors).reduce((a, b) => a + b, 0), errorsByStatus: errors };
  console.log(`${name.padEnd(34)} ${String(result.reqPerSec).padStart(6)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  errors ${result.errors}`);
  return result;
}

function cli(args, env) {
  const r = spawnSync(process.execPath, ["bin/checkpoint.mjs", ...args], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`checkpoint ${args.join(" ")}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// A typical create body; its timestamp must be under an hour old, so it is made per scenario.
const freshBody = () =>
  JSON.stringify({ verification: { callback: "https://example.com/done", person: { firstName: "Sarah", lastName: "Morgan" }, vendorData: "bench", timestamp: new Date().toISOString() } });

async function main() {
  const db = await freshDatabase();
  const dbUrl = db.url;
  const liteDir = fs.mkdtempSync(path.join(os.tmpdir(), "cp-bench-lite-"));
  const results = [];
  try {
    const env = { DATABASE_URL: dbUrl, AUTH_SECRET, NODE_ENV: "production" };
    const port = await freePort();
    if (only.has("create")) {
      console.log(`Starting Checkpoint (full mode, Next included; builds first if sources changed) on ${db.name}...`);
      const app = await start(process.execPath, ["scripts/start.mjs"], { ...env, PORT: String(port), APP_URL: `http://127.0.0.1:${port}` }, "Checkpoint is running");
      const keys = cli(["integration", "create", "--name", "Bench", "--plan", "enterprise", "--rate-cap", "1000000", "--json"], env);
      results.push(await load("create session (PostgreSQL)", { port, path: "/v1/sessions", headers: { "x-auth-client": keys.apiKey }, body: freshBody(), expect: [201] }));
      await app.stop();
    }

    if (only.has("noop")) {
      // The framework's own ceiling: a no-op route handler in bench/noop-app, served as server.ts serves Next.
      const nport = await freePort();
      const noop = await start(process.execPath, ["bench/noop-server.mjs"], { NODE_ENV: "production", PORT: String(nport) }, "noop listening");
      results.push(await load("no-op Next route handler", { port: nport, path: "/bench/noop", body: freshBody(), expect: [200] }));
      await noop.stop();
    }

    if (only.has("plain")) {
      const bport = await freePort();
      const baseline = await start(process.execPath, ["scripts/bench/baseline-server.mjs"], { DATABASE_URL: dbUrl, PORT: String(bport) }, "baseline listening");
      results.push(await load("plain node:http + pg insert", { port: bport, path: "/", body: freshBody(), expect: [201] }));
      await baseline.stop();
    }

    if (only.has("pglite")) {
      const lport = await freePort();
      const liteEnv = { DATABASE_URL: "", CHECKPOINT_DATA_DIR: liteDir, AUTH_SECRET, NODE_ENV: "production", CHECKPOINT_API_ONLY: "1" };
      const lite = await start(process.execPath, ["--import", "tsx", "server.ts"], { ...liteEnv, PORT: String(lport), APP_URL: `http://127.0.0.1:${lport}` }, "Checkpoint is running");
      const liteKeys = cli(["integration", "create", "--name", "Bench", "--plan", "enterprise", "--rate-cap", "1000000", "--json"], liteEnv);
      results.push(await load("create session (PGlite)", { port: lport, path: "/v1/sessions", headers: { "x-auth-client": liteKeys.apiKey }, body: freshBody(), expect: [201] }));
      await lite.stop();
    }
  } finally {
    for (const c of children) c.kill("SIGKILL");
    await db.drop();
    fs.rmSync(liteDir, { recursive: true, force: true });
  }

  const by = Object.fromEntries(results.map((r) => [r.scenario, r]));
  const create = by["create session (PostgreSQL)"];
  const ratio = (a, b) => (a && b ? Math.round((a.reqPerSec / b.reqPerSec) * 100) / 100 : null);
  const ratios = {
    createVsNoopNext: ratio(create, by["no-op Next route handler"]),
    createVsPlainNodePg: ratio(create, by["plain node:http + pg insert"]),
    pgliteVsPostgres: ratio(by["create session (PGlite)"], create),
  };
  console.log(`create / no-op Next: ${ratios.createVsNoopNext}   create / plain node+pg: ${ratios.createVsPlainNodePg}   PGlite / PostgreSQL: ${ratios.pgliteVsPostgres}`);
  const out = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    settings: { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP, keepAlive: true, loopback: true },
    results,
    ratios,
    targets: { createVsNoopNextAtLeast: 0.6, createP99MsUnder: 150, errors: 0 },
    met: create ? { ratio: ratios.createVsNoopNext === null ? null : ratios.createVsNoopNext >= 0.6, p99: create.p99Ms < 150, errors: create.errors === 0 } : null,
  };
  if (only.size < 4) return; // a partial run is for tuning: results are not recorded
  fs.mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/${out.date.slice(0, 10)}-api.json`;
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
  console.log(`Wrote ${file}`);
}

process.on("SIGINT", () => {
  for (const c of children) c.kill("SIGKILL");
  process.exit(130);
});
main().catch((e) => {
  console.error(`bench:api failed: ${e.message}`);
  for (const c of children) c.kill("SIGKILL");
  process.exit(1);
});
