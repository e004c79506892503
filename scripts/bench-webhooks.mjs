// `npm run bench:webhooks`: webhook delivery throughput to a local receiver and the delay from a
// decision to its delivery. Loopback only; bounded in time (BENCH_TIMEOUT_S, default 120 s).
//   BENCH_DB=server (default: a fresh database on TEST_DATABASE_URL's server) | pglite (in-memory embedded)
//   BENCH_N=2000 outbox rows for throughput, BENCH_DECISIONS=200 decisions for the delay, at BENCH_RATE=50/s
import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const { register } = await import("tsx/esm/api");
register();

const N = Number(process.env.BENCH_N ?? 2000);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const kind = process.env.BENCH_DB ?? "server";
const deadline = setTimeout(() => {
  console.error(`bench-webhooks: did not finish within ${process.env.BENCH_TIMEOUT_S ?? 120} s`);
  process.exit(1);
}, Number(process.env.BENCH_TIMEOUT_S ?? 120) * 1000);
deadline.unref();

process.env.CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS = "true";
process.env.AUTH_SECRET ??= crypto.randomBytes(32).toString("hex");

const { createDatabase, useDatabase: pointDataLayerAt } = await import(path.join(root, "test/support/db.ts"));
const db = await createDatabase(kind);
pointDataLayerAt(db);
const { pool, withTransaction, closeDb } = await import(path.join(root, "lib/db/index.ts"));
const { createIntegration } = await import(path.join(root, "lib/integrations/create-integration.ts"));
const { createSession } = await import(path.join(root, "lib/sessions/create-session.ts"));
const { transitionSession } = await import(path.join(root, "lib/sessions/transition.ts"));
const { decideSession } = await import(path.join(root, "lib/sessions/decide-session.ts"));
const { parseCreateSession } = await import(path.join(root, "lib/validation/session.ts"));
const { startWebhookWorker } = await import(path.join(root, "lib/webhooks/deliver.ts"));
const { verifySignature } = await import(path.join(root, "lib/webhooks/sign.ts"));

// The receiver: checks every signature and notes when each body arrived.
const arrivals = new Map();
let received = 0, badSignatures = 0, duplicates = 0;
let sharedSecret = "";
const receiver = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    if (!verifySignature(body, sharedSecret, String(req.headers["x-hmac-signature"] ?? ""))) badSignatures++;
    const key = crypto.createHash("sha1").update(body).digest("hex");
    if (arrivals.has(key)) duplicates++;
    arrivals.set(key, { at: Date.now(), body });
    received++;
    res.writeHead(200).end("ok");
  });
});
await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${receiver.address().port}/hook`;

const integration = await createIntegration({ name: "Bench", environment: "live", plan: "enterprise", decisionWebhookUrl: url, rateCap: 1_000_000 }, { label: "bench" });
sharedSecret = integration.sharedSecret;
const until = async (pred, what) => {
  while (!pred()) await new Promise((r) => setTimeout(r, 5));
  return what;
};

// 1. Throughput: N rows already in the outbox, one worker (the server's default settings).
const sample = JSON.stringify({ status: "success", verification: { id: crypto.randomUUID(), code: 9001, status: "approved", person: { firstName: "SARAH", lastName: "MORGAN" }, document: { type: "PASSPORT", country: "EE" }, padding: "x".repeat(900) } });
await pool().query(
  `INSERT INTO webhook_deliveries (integration_id, kind, url, body)
   SELECT $1, 'decision', $2, replace($3, '"code":9001', '"code":9001,"n":' || g) FROM generate_series(1, $4) g`,
  [integration.id, url, sample, N],
);
const worker = startWebhookWorker();
const t0 = performance.now();
await until(() => received >= N);
const seconds = (performance.now() - t0) / 1000;
await new Promise((r) => setTimeout(r, 300)); // records settle
const [{ delivered }] = (await pool().query(`SELECT count(*)::int AS delivered FROM webhook_deliveries WHERE state = 'delivered'`)).rows;
const throughput = { rows: N, seconds: Number(seconds.toFixed(2)), perSecond: Math.round(N / seconds), delivered, duplicates, badSignatures };

// 2. Decision → delivery delay: sessions decided at RATE/s while the worker runs.
const sessions = [];
for (let i = 0; i < DECISIONS; i++) {
  const s = await createSession({ id: integration.id, plan: "enterprise", rateCap: 1_000_000 }, parseCreateSession({ verification: {} }));
  await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "submitted", actor: { type: "api" } }));
  sessions.push(s.id);
}
const decidedAt = new Map();
const before = received;
for (const id of sessions) {
  const started = Date.now();
  await decideSession({ sessionId: id, decision: "approved", actor: { type: "cli" } });
  decidedAt.set(id, Date.now()); // committed: the webhook is in the outbox from here
  const wait = 1000 / RATE - (Date.now() - started);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}
await until(() => received >= before + DECISIONS);
const delays = [];
for (const { at, body } of arrivals.values()) {
  const id = JSON.parse(body).verification?.id;
  if (decidedAt.has(id)) delays.push(at - decidedAt.get(id));
}
delays.sort((a, b) => a - b);
const pct = (p) => delays[Math.min(delays.length - 1, Math.ceil((p / 100) * delays.length) - 1)];
const delay = { decisions: delays.length, ratePerSecond: RATE, p50Ms: pct(50), p95Ms: pct(95), maxMs: delays[delays.length - 1] };

await worker.stop();
receiver.close();
await closeDb();
await db.drop();

const result = { database: kind === "pglite" ? "embedded PGlite (in-memory)" : "PostgreSQL 15 server (loopback)", throughput, delay };
console.log(JSON.stringify(result, null, 2));
console.log(`\nthroughput: ${throughput.perSecond} deliveries/s (target >= 200); decision→delivery p95: ${delay.p95Ms} ms (target < 1000)`);
const ok = throughput.perSecond >= 200 && delay.p95Ms < 1000 && duplicates === 0 && badSignatures === 0 && delivered === N;
process.exit(ok ? 0 : 1);
