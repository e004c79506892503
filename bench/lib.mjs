// Shared helpers for the benchmarks: a fresh database on the local PostgreSQL server, the real
// server as a child process, the CLI, percentiles. Loopback only; every loop is bounded.
import crypto from "node:crypto";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import { spawn, spawnSync } from "node:child_process";
import pg from "pg";

export const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** A database on the benchmark's server by name: a fresh one's, or one kept from an earlier run. */
export function existingDatabase(name) {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    async drop() {
      const d = new pg.Client({ connectionString: serverUrl });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

export async function freshDatabase(prefix = "cp_bench") {
  const name = `${prefix}_${crypto.randomBytes(4).toString("hex")}`;
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return existingDatabase(name);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export async function startServer(env, { apiOnly = false } = {}) {
  const port = await freePort();
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, NODE_ENV: "production", CHECKPOINT_API_ONLY: apiOnly ? "1" : "", CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000);
    const check = () => out.includes("Checkpoint is running") && (clearTimeout(t), resolve());
    child.stdout.on("data", check);
    child.on("exit", (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
  child.removeAllListeners("exit");
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once("exit", r), child.kill("SIGTERM")))),
  };
}

export function cli(args, env) {
  const r = spawnSync(process.execPath, ["bin/checkpoint.mjs", ...args], { env: { ...process.env, ...env }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`checkpoint ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

export function percentile(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

export function summarize(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const r = (x) => (x == null ? null : Math.round(x * 100) / 100);
  return { n: s.length, p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)) };
}

/** One GET; resolves with the time to the first byte of the response and the status. */
export function timeToFirstByte(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.get(url, { headers, agent: false }, (res) => {
      res.once("data", () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        res.resume();
        res.on("end", () => resolve({ ms, status: res.statusCode }));
      });
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

export function machine() {
  const cpus = os.cpus();
  return { cpus: cpus.length, cpuModel: cpus[0]?.model ?? "unknown", memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
}
