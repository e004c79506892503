// `npm run bench:media`: media upload (POST /v1/sessions/{id}/media, 1 MB JPEG-shaped files as
// base64 JSON, signed) and download (GET /v1/media/{id}, signed) throughput at 8 concurrent
// keep-alive clients, through the API-only server on a fresh database of the local PostgreSQL
// server. Loopback only. Prints one JSON line; BENCH_SECONDS (default 8) per direction.
// BENCH_ROOT=<another checkout> runs the same load against that checkout's server (e.g. an
// export of main, to compare before/after on the same machine in the same minute).
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freshDatabase, startServer } from "../bench/lib.mjs";

const root = process.env.BENCH_ROOT ? path.resolve(process.env.BENCH_ROOT) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 8;
const FILE_BYTES = 1024 * 1024;
const AUTH_SECRET = crypto.randomBytes(32).toString("hex");

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
function request(port, method, urlPath, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: urlPath, method, agent, headers: { ...headers, ...(body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {}) } }, (res) => {
      const chunks = [];
      res.on("data", (d) => chunks.push(d));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
const sign = (secret, payload) => crypto.createHmac("sha256", secret).update(payload).digest("hex");

// The server's own CPU time (utime + stime from /proc, in clock ticks of 10 ms): on a shared
// machine throughput swings with other load, CPU per request much less.
const cpuMs = (pid) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
};

async function loop(seconds, one, pid) {
  const cpu0 = cpuMs(pid);
  const until = Date.now() + seconds * 1000;
  const lat = [];
  let errors = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, w) => {
      for (let i = 0; Date.now() < until; i++) {
        const s = process.hrtime.bigint();
        if (!(await one(w, i))) errors++;
        lat.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  lat.sort((a, b) => a - b);
  return { serverCpuMsPerRequest: Math.round(((cpuMs(pid) - cpu0) / lat.length) * 10) / 10, requests: lat.length, perSecond: Math.round((lat.length / elapsed) * 10) / 10, mbPerSecond: Math.round(((lat.length * FILE_BYTES) / elapsed / 1e6) * 10) / 10, p50Ms: Math.round(lat[Math.floor(lat.length / 2)] * 10) / 10, errors };
}

const db = await freshDatabase("cp_bench_media");
const env = { DATABASE_URL: db.url, AUTH_SECRET };
const server = await startServer(env, { apiOnly: true });
try {
  const r = spawnSync(process.execPath, ["bin/checkpoint.mjs", "integration", "create", "--name", "Bench", "--plan", "enterprise", "--rate-cap", "1000000", "--json"], { env: { ...process.env, ...env, NODE_ENV: "production" }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  const keys = JSON.parse(r.stdout);
  const file = crypto.randomBytes(FILE_BYTES);
  file.set([0xff, 0xd8, 0xff, 0xe0], 0);
  const content = file.toString("base64");

  // One session per upload: a session takes a handful of pictures, never thousands.
  const newSession = async () => {
    const body = JSON.stringify({ verification: { vendorData: "bench", timestamp: new Date().toISOString() } });
    const res = await request(server.port, "POST", "/v1/sessions", { "x-auth-client": keys.apiKey }, body);
    return JSON.parse(res.body).verification.id;
  };
  const ids = [];
  const upload = await loop(SECONDS, async () => {
    const sid = await newSession();
    const body = JSON.stringify({ image: { context: "document-front", content } });
    const res = await request(server.port, "POST", `/v1/sessions/${sid}/media`, { "x-auth-client": keys.apiKey, "x-hmac-signature": sign(keys.sharedSecret, body) }, body);
    if (res.status === 201) ids.push(JSON.parse(res.body).image.id);
    return res.status === 201;
  }, server.child.pid);
  const download = await loop(SECONDS, async (w, i) => {
    const id = ids[(w * 7919 + i) % ids.length];
    const res = await request(server.port, "GET", `/v1/media/${id}`, { "x-auth-client": keys.apiKey, "x-hmac-signature": sign(keys.sharedSecret, id) });
    return res.status === 200 && res.body.length === FILE_BYTES;
  }, server.child.pid);
  console.log(JSON.stringify({ fileBytes: FILE_BYTES, connections: CONNECTIONS, upload, download }));
} finally {
  await server.stop();
  await db.drop();
}
