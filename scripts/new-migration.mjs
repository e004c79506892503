// `npm run db:migration -- <name>`: writes the SQL that takes the database from the schema of
// the last migration (prisma/migrations/schema.snapshot.prisma) to prisma/schema.prisma.
// `prisma migrate dev` cannot run here (see shared/stack.md); `migrate diff` between two
// datamodels needs no database at all.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const name = (process.argv[2] ?? "").trim().replace(/[^a-zA-Z0-9_]+/g, "_");
if (!name) {
  console.error("Usage: npm run db:migration -- <name>   (for example add_rate_cap)");
  process.exit(2);
}
const snapshot = "prisma/migrations/schema.snapshot.prisma";
const from = fs.existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
  encoding: "utf8",
  env: process.env,
});
if (r.status !== 0) {
  console.error(r.stderr || r.stdout);
  process.exit(1);
}
const sql = r.stdout;
if (!/^\s*(CREATE|ALTER|DROP)/m.test(sql)) {
  console.log("No schema changes since the last migration: nothing written.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join("prisma/migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
fs.copyFileSync("prisma/schema.prisma", snapshot);
console.log(`Wrote ${dir}/migration.sql; review it, then commit it with the schema change.`);
