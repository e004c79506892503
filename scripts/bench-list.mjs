// `npm run bench:list`: times every filter of the "All verifications" list on the local
// PostgreSQL server at 10k, 100k and 1M sessions (a fresh database, dropped at the end) and
// prints p50/p95 per filter as a Markdown table for docs/performance.md.
// Options: --sizes 10000,100000,1000000  --runs 100  --keep (do not drop the database)
//          --only <regex> (time only the filters whose label matches, e.g. --only "^q = ")
//          --db <name> (time an earlier --keep database again, e.g. while tuning indexes; not dropped)
import crypto from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { existingDatabase, freshDatabase } from "../bench/lib.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const { values: opts } = parseArgs({ options: { sizes: { type: "string" }, runs: { type: "string" }, keep: { type: "boolean" }, db: { type: "string" }, only: { type: "string" } } });
const only = opts.only ? new RegExp(opts.only) : null;
const sizes = (opts.sizes ?? "10000,100000,1000000").split(",").map(Number);
const runs = Number(opts.runs ?? 100);

if (opts.db) opts.keep = true;
const db = opts.db ? existingDatabase(opts.db) : await freshDatabase();
process.env.DATABASE_URL = db.url;
process.env.AUTH_SECRET ??= crypto.randomBytes(32).toString("hex");
process.env.DATABASE_POOL_SIZE = "2";

const { register } = await import("tsx/esm/api");
register();
const { migrate } = await import(path.join(root, "lib/db/migrate.ts"));
const { pool, closeDb } = await import(path.join(root, "lib/db/index.ts"));
const { createIntegration } = await import(path.join(root, "lib/integrations/create-integration.ts"));
const { cliActor } = await import(path.join(root, "lib/audit/record.ts"));
const { seedSessions } = await import(path.join(root, "lib/sessions/seed-sessions.ts"));
const { listSessions, countSessionsByStatus, STATUS_COUNT_CAP } = await import(path.join(root, "lib/sessions/list-sessions.ts"));
const { parseListParams, encodeCursor } = await import(path.join(root, "lib/sessions/list-params.ts"));

async function main() {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  await migrate(c);
  await c.end();
  const integrations = [];
  for (const [n, env] of [["Acme live", "live"], ["Beta shop", "live"], ["Sandbox", "test"], ["Small live", "live"]]) {
    const found = opts.db ? (await pool().query(`SELECT id FROM integrations WHERE name = $1`, [n])).rows[0] : null;
    integrations.push(found ? found.id : (await createIntegration({ name: n, environment: env, plan: "enterprise" }, cliActor)).id);
  }
  const [big, , , small] = integrations;
  const { rows: ver } = await pool().query(`SELECT version()`);
  console.log(`# List benchmark on ${ver[0].version.split(" on ")[0]}, ${runs} runs per filter\n`);

  let seeded = opts.db ? Number((await pool().query(`SELECT count(*) FROM verification_sessions`)).rows[0].count) : 0;
  const results = [];
  for (const size of sizes) {
    const t0 = Date.now();
    // Most sessions go to the first three integrations; "Small live" gets ~1 %.
    if (size > seeded) {
      await seedSessions(Math.floor((size - seeded) * 0.99), { integrationIds: integrations.slice(0, 3) });
      await seedSessions(size - seeded - Math.floor((size - seeded) * 0.99), { integrationIds: [small] });
    }
    seeded = size;
    // As autovacuum would after a bulk load: flushes the trigram index's pending list (GIN
    // fastupdate) and refreshes statistics; without it the first name searches scan the list.
    await pool().query(`VACUUM ANALYZE verification_sessions`);
    console.error(`seeded ${size} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const sample = (await pool().query(`SELECT id, vendor_data, end_user_id, person_name, created_at FROM verification_sessions WHERE end_user_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET 7`)).rows[0];
    const lastName = sample.person_name.split(" ").at(-1);
    const accented = (w) => w.replace(/e/, "é").replace(/a/, "á");
    const mid = (await pool().query(`SELECT created_at, id FROM verification_sessions ORDER BY created_at DESC, id DESC OFFSET ${Math.floor(size / 2)} LIMIT 1`)).rows[0];
    const midCursor = encodeCursor({ createdAt: new Date(mid.created_at).toISOString(), id: mid.id });
    const day = (d) => new Date(d).toISOString().slice(0, 10);
    const weekAgo = day(Date.now() - 7 * 86400_000), monthAgo = day(Date.now() - 30 * 86400_000), today = day(Date.now());
    const cases = [
      ["no filter, newest first", ""],
      ["no filter, oldest first", "sort=asc"],
      ["page in the middle (cursor)", `cursor=${midCursor}`],
      ["status = submitted", "status=submitted"],
      ["status = review (2 %)", "status=review"],
      ["status = approved, declined", "status=approved,declined"],
      ["status: all nine", "status=created,started,submitted,approved,declined,resubmission_requested,expired,abandoned,review"],
      ["decision = declined", "decision=declined"],
      ["decision = none yet", "decision=none"],
      ["decision = expired/abandoned, review", "decision=expired_abandoned,review"],
      ["integration (big)", `integration=${big}`],
      ["integration (1 %)", `integration=${small}`],
      ["integration (1 %) + status = submitted", `integration=${small}&status=submitted`],
      ["integration (1 %) + decision = declined", `integration=${small}&decision=declined`],
      ["created in the last 7 days", `from=${weekAgo}&to=${today}`],
      ["created in the last 30 days + status = submitted", `from=${monthAgo}&to=${today}&status=submitted`],
      ["status = submitted + decision = none yet", "status=submitted&decision=none"],
      ["q = full session id", `q=${sample.id}`],
      ["q = vendorData", `q=${sample.vendor_data}`],
      ["q = endUserId", `q=${sample.end_user_id}`],
      ["q = name prefix (2 letters)", `q=${sample.person_name.slice(0, 2)}`],
      ["q = full name", `q=${encodeURIComponent(sample.person_name)}`],
      ["q = name prefix + status = approved", `q=${sample.person_name.slice(0, 3)}&status=approved`],
      // Any part of the name by its start, case and accents aside (pg_trgm on name_search).
      ["q = last name", `q=${encodeURIComponent(lastName)}`],
      ["q = last name, upper case with an accent", `q=${encodeURIComponent(accented(lastName).toUpperCase())}`],
      ["q = last-name prefix (3 letters)", `q=${lastName.slice(0, 3)}`],
      ["q = last name + status = submitted", `q=${encodeURIComponent(lastName)}&status=submitted`],
      ["q = last name, no match", "q=zzqxname"],
      ["q = no match", "q=zzzz-nobody"],
      ["everything: integration + status + decision + range + q", `integration=${big}&status=submitted,review&decision=review,none&from=${monthAgo}&to=${today}&q=${sample.person_name.slice(0, 2)}`],
    ];
    const timed = async (label, fn) => {
      for (let i = 0; i < 3; i++) await fn();
      const t = [];
      for (let i = 0; i < runs; i++) {
        const s = process.hrtime.bigint();
        await fn();
        t.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
      t.sort((a, b) => a - b);
      const pct = (p) => t[Math.min(t.length - 1, Math.ceil((p / 100) * t.length) - 1)];
      results.push({ size, label, p50: pct(50), p95: pct(95) });
    };
    for (const [label, qs] of cases.filter(([l]) => !only || only.test(l))) {
      const p = parseListParams(new URLSearchParams(qs));
      await timed(label, () => listSessions(p));
    }
    if (only) continue;
    await timed(`counts per status (capped at ${STATUS_COUNT_CAP.toLocaleString("en")})`, () => countSessionsByStatus({}));
    await timed("counts per status, integration (1 %)", () => countSessionsByStatus({ integration: small }));
    await timed("counts per status, last 30 days", () => countSessionsByStatus({ from: monthAgo, to: today }));
  }

  const labels = [...new Set(results.map((r) => r.label))];
  const [first, last] = [sizes[0], sizes[sizes.length - 1]];
  const growth = sizes.length > 1 ? `${last.toLocaleString("en")} ÷ ${first.toLocaleString("en")} (p95)` : null;
  const header = `| filter | ${sizes.map((s) => `${s.toLocaleString("en")}: p50 / p95 ms`).join(" | ")} |${growth ? ` ${growth} |` : ""}`;
  console.log(header);
  console.log(`| --- | ${sizes.map(() => "---").join(" | ")} |${growth ? " --- |" : ""}`);
  const over = [];
  for (const l of labels) {
    const cells = sizes.map((s) => {
      const r = results.find((x) => x.size === s && x.label === l);
      return r ? `${r.p50.toFixed(1)} / ${r.p95.toFixed(1)}` : "";
    });
    if (growth) {
      const a = results.find((x) => x.size === first && x.label === l);
      const b = results.find((x) => x.size === last && x.label === l);
      const ratio = b.p95 / a.p95;
      if (ratio > 2) over.push(`${l} (${ratio.toFixed(1)}×)`);
      cells.push(ratio.toFixed(1));
    }
    console.log(`| ${l} | ${cells.join(" | ")} |`);
  }
  if (growth) console.log(`\nOver 2× the ${first.toLocaleString("en")}-session p95 at ${last.toLocaleString("en")}: ${over.length ? over.join(", ") : "none"}.`);
  const worst = results.filter((r) => r.size === sizes[sizes.length - 1]).sort((a, b) => b.p95 - a.p95)[0];
  console.log(`\nSlowest at ${worst.size.toLocaleString("en")}: ${worst.label}, p95 ${worst.p95.toFixed(1)} ms.`);
}

try {
  await main();
} finally {
  await closeDb();
  if (!opts.keep) await db.drop();
  else console.error(`kept database ${db.name}`);
}
