// `npm run bench`: every benchmark in one go on the local PostgreSQL server — the session API
// (with a no-op Next handler and a plain node:http + pg baseline), the list filters at 10k/100k/1M,
// page TTFB and first-load JS, webhook delivery, the verification engine, media upload/download — then bench/results/<date>.json and the summary
// table in docs/performance.md. Loopback only; every scenario is bounded in time.
import fs from "node:fs";
import { spawnSync } from "node:child_process";
import { machine } from "../bench/lib.mjs";
import { benchPages } from "../bench/pages.mjs";

const date = new Date().toISOString();
const run = (script, env = {}) => {
  console.log(`\n== ${script}`);
  const r = spawnSync(process.execPath, [script], { env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  return r;
};

if (!fs.existsSync(".next/BUILD_ID")) {
  const b = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  if (b.status !== 0) process.exit(1);
}

const out = { date, machine: machine() };

const api = run("scripts/bench-api.mjs");
const apiFile = `bench/results/${date.slice(0, 10)}-api.json`;
out.api = api.status === 0 && fs.existsSync(apiFile) ? JSON.parse(fs.readFileSync(apiFile, "utf8")) : { error: `exit ${api.status}` };

const list = run("scripts/bench-list.mjs");
out.list = { exit: list.status, table: list.stdout.split("\n").filter((l) => l.startsWith("|")), slowest: list.stdout.match(/Slowest at .*/)?.[0] ?? null, overTwiceTheSmallest: list.stdout.match(/Over 2× .*/)?.[0] ?? null };

out.pages = await benchPages().catch((e) => ({ error: String(e.message ?? e) }));

const hooks = run("scripts/bench-webhooks.mjs");
try {
  out.webhooks = JSON.parse(hooks.stdout.slice(hooks.stdout.indexOf("{"), hooks.stdout.lastIndexOf("}") + 1));
} catch {
  out.webhooks = { error: `exit ${hooks.status}` };
}

const engine = run("scripts/bench-engine.mjs");
const engineFile = `bench/results/${date.slice(0, 10)}-engine.json`;
out.engine = engine.status === 0 && fs.existsSync(engineFile) ? JSON.parse(fs.readFileSync(engineFile, "utf8")) : { error: `exit ${engine.status}` };

const media = run("scripts/bench-media.mjs");
try {
  out.media = JSON.parse(media.stdout.trim().split("\n").pop());
} catch {
  out.media = { error: `exit ${media.status}` };
}

fs.mkdirSync("bench/results", { recursive: true });
const file = `bench/results/${date.slice(0, 10)}.json`;
fs.writeFileSync(file, JSON.stringify(out, null, 2) + "\n");

// The summary table in docs/performance.md, between its markers.
const scenarios = out.api?.results ?? [];
const find = (name) => scenarios.find((x) => x.scenario === name);
const fmt = (x) => (x ? `${x.reqPerSec} req/s, p50 ${x.p50Ms} ms, p99 ${x.p99Ms} ms, ${x.errors} errors` : "n/a");
const rows = [
  `| machine | ${out.machine.cpus} × ${out.machine.cpuModel}, ${out.machine.memoryGiB} GiB, Node ${out.machine.node} |`,
  `| POST /v1/sessions (PostgreSQL) | ${fmt(find("create session (PostgreSQL)"))} |`,
  `| no-op Next route handler | ${fmt(find("no-op Next route handler"))} |`,
  `| plain node:http + pg | ${fmt(find("plain node:http + pg insert"))} |`,
  `| POST /v1/sessions (PGlite) | ${fmt(find("create session (PGlite)"))} |`,
  `| ratios | create / no-op Next ${out.api?.ratios?.createVsNoopNext ?? "n/a"}; create / plain node+pg ${out.api?.ratios?.createVsPlainNodePg ?? "n/a"}; PGlite / PostgreSQL ${out.api?.ratios?.pgliteVsPostgres ?? "n/a"} |`,
  `| list, slowest filter at 1M | ${out.list.slowest ?? "n/a"} |`,
  `| list, growth from 10k to 1M | ${out.list.overTwiceTheSmallest ?? "n/a"} |`,
  ...(Array.isArray(out.pages) ? out.pages.filter((p) => p.ttfbMs).map((p) => `| page ${p.page} | TTFB p50 ${p.ttfbMs.p50} ms, p95 ${p.ttfbMs.p95} ms; first-load JS ${p.firstLoadJs.gzipKB} KB gzipped |`) : []),
  `| webhooks | ${out.webhooks?.throughput?.perSecond ?? "n/a"} deliveries/s; decision→delivery p95 ${out.webhooks?.delay?.p95Ms ?? "n/a"} ms |`,
  `| media, 1 MB files, 8 clients | ${out.media?.upload ? `upload ${out.media.upload.mbPerSecond} MB/s (${out.media.upload.serverCpuMsPerRequest} ms server CPU each), download ${out.media.download.mbPerSecond} MB/s (${out.media.download.serverCpuMsPerRequest} ms CPU each), encrypted at rest` : "n/a"} |`,
  `| engine | ${out.engine?.throughput ? `${out.engine.throughput.perThread} sessions/min per thread; decision p50 ${out.engine.decisionLatencyMs.p50} ms, p95 ${out.engine.decisionLatencyMs.p95} ms from submit; create p99 busy / idle ${out.engine.createP99BusyVsIdle}; peak RSS server ${out.engine.serverPeakRssMiB} MiB + worker(s) ${out.engine.workerPeakRssMiB?.join(", ")} MiB` : "n/a"} |`,
];
const table = [`Last \`npm run bench\`: ${date} (bench/results/${date.slice(0, 10)}.json)`, "", "| what | result |", "| --- | --- |", ...rows].join("\n");
const doc = fs.readFileSync("docs/performance.md", "utf8");
const start = "<!-- bench:summary:start -->", end = "<!-- bench:summary:end -->";
const next = doc.includes(start)
  ? doc.slice(0, doc.indexOf(start) + start.length) + "\n" + table + "\n" + doc.slice(doc.indexOf(end))
  : doc.replace(/^# Performance\n/, `# Performance\n\n${start}\n${table}\n${end}\n`);
fs.writeFileSync("docs/performance.md", next);
console.log(`\nWrote ${file} and the summary in docs/performance.md.`);
