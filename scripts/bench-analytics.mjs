// `npm run bench:analytics`: the analytics query (lib/analytics/get-analytics.ts, what
// GET /api/analytics answers) for a year-long range at 10k and 1M sessions on the local
// PostgreSQL server (a fresh database, dropped at the end), all integrations and one, plus the
// time of `analytics rebuild` at each size. Targets (issue 16): p95 < 100 ms at 1M, and at most
// 2× the 10k figure. Writes bench/results/<date>-analytics.json.
// Options: --sizes 10000,1000000  --runs 100  --keep
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freshDatabase, machine, summarize } from "../bench/lib.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const { values: opts } = parseArgs({ options: { sizes: { type: "string" }, runs: { type: "string" }, keep: { type: "boolean" } } });
const sizes = (opts.sizes ?? "10000,1000000").split(",").map(Number);
const runs = Number(opts.runs ?? 100);

const db = await freshDatabase("cp_bench_analytics");
process.env.DATABASE_URL = db.url;
process.env.AUTH_SECRET ??= crypto.randomBytes(32).toString("hex");
process.env.DATABASE_POOL_SIZE = "4";

const { register } = await import("tsx/esm/api");
register();
const { migrate } = await import(path.join(root, "lib/db/migrate.ts"));
const { pool, closeDb, withTransaction } = await import(path.join(root, "lib/db/index.ts"));
const { createIntegration } = await import(path.join(root, "lib/integrations/create-integration.ts"));
const { cliActor } = await import(path.join(root, "lib/audit/record.ts"));
const { seedSessions } = await import(path.join(root, "lib/sessions/seed-sessions.ts"));
const { getAnalytics } = await import(path.join(root, "lib/analytics/get-analytics.ts"));
const { rebuildRollups } = await import(path.join(root, "lib/analytics/rollup.ts"));
const { parseAnalyticsQuery } = await import(path.join(root, "lib/validation/analytics.ts"));

const results = [];
try {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await migrate(c);
  await c.end();
  const ids = [];
  for (const [name, environment] of [["Acme live", "live"], ["Beta shop", "live"], ["Sandbox", "test"]]) ids.push((await createIntegration({ name, environment, plan: "enterprise" }, cliActor)).id);
  const day = (t) => new Date(t).toISOString().slice(0, 10);
  const year = `from=${day(Date.now() - 364 * 86_400_000)}&to=${day(Date.now())}`;
  const cases = [
    ["year, all integrations", year],
    ["year, one integration", `${year}&integration=${ids[0]}`],
    ["year, live only", `${year}&environment=live`],
    ["last 30 days, all", `from=${day(Date.now() - 29 * 86_400_000)}&to=${day(Date.now())}`],
  ];
  let seeded = 0;
  for (const size of sizes) {
    const t0 = Date.now();
    await seedSessions(size - seeded, { integrationIds: ids });
    seeded = size;
    console.error(`seeded ${size.toLocaleString("en")} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const r0 = Date.now();
    const rebuilt = await withTransaction((cl) => rebuildRollups(cl));
    const rebuildMs = Date.now() - r0;
    await pool().query(`VACUUM (ANALYZE) analytics_daily`);
    const rollupRows = rebuilt.days;
    for (const [label, qs] of cases) {
      const q = parseAnalyticsQuery(new URLSearchParams(qs));
      for (let i = 0; i < 5; i++) await getAnalytics(q);
      const t = [];
      for (let i = 0; i < runs; i++) {
        const s = process.hrtime.bigint();
        await getAnalytics(q);
        t.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
      results.push({ size, label, ...summarize(t), rollupRows, rebuildMs });
    }
  }
  const [first, last] = [sizes[0], sizes[sizes.length - 1]];
  console.log(`| query | ${sizes.map((s) => `${s.toLocaleString("en")}: p50 / p95 ms`).join(" | ")} | ${last.toLocaleString("en")} ÷ ${first.toLocaleString("en")} (p95) |`);
  console.log(`| --- | ${sizes.map(() => "---").join(" | ")} | --- |`);
  const ratios = {};
  for (const [label] of cases) {
    const cells = sizes.map((s) => results.find((r) => r.size === s && r.label === label)).map((r) => `${r.p50} / ${r.p95}`);
    const ratio = results.find((r) => r.size === last && r.label === label).p95 / results.find((r) => r.size === first && r.label === label).p95;
    ratios[label] = Number(ratio.toFixed(2));
    console.log(`| ${label} | ${cells.join(" | ")} | ${ratio.toFixed(2)} |`);
  }
  for (const s of sizes) {
    const r = results.find((x) => x.size === s);
    console.log(`\nAt ${s.toLocaleString("en")} sessions: ${r.rollupRows.toLocaleString("en")} rollup rows, \`analytics rebuild\` ${(r.rebuildMs / 1000).toFixed(1)} s.`);
  }
  const worst = results.filter((r) => r.size === last).sort((a, b) => b.p95 - a.p95)[0];
  console.log(`\nSlowest at ${last.toLocaleString("en")}: ${worst.label}, p95 ${worst.p95} ms (target < 100 ms); largest growth ${Math.max(...Object.values(ratios)).toFixed(2)}× (target ≤ 2×).`);
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync(`bench/results/${new Date().toISOString().slice(0, 10)}-analytics.json`, JSON.stringify({ date: new Date().toISOString(), machine: machine(), runs, results, ratios }, null, 2) + "\n");
} finally {
  await closeDb();
  if (!opts.keep) await db.drop();
  else console.error(`kept database ${db.name}`);
}
