import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { config, StartupError } from "../config.ts";

/**
 * Applies prisma/migrations in order, each in its own transaction, under an advisory lock so
 * several processes starting at once apply each migration exactly once. Records them in
 * Prisma's `_prisma_migrations` table (same columns, same sha256 checksums), so
 * `prisma migrate status` agrees. A failing migration is rolled back whole.
 */

const LOCK_ID = 7_301_972_115; // arbitrary, stable: "checkpoint migrations"

export interface MigrationResult {
  applied: string[];
  total: number;
}

export function listMigrations(dir = config().migrationsDir): { name: string; sql: string; checksum: string }[] {
  if (!fs.existsSync(dir)) throw new StartupError(`No migrations folder at ${dir}: run Checkpoint from its project folder.`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migrate(client: pg.ClientBase, dir = config().migrationsDir): Promise<MigrationResult> {
  const migrations = listMigrations(dir);
  await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r]));
    const unfinished = rows.find((r) => !r.finished_at);
    if (unfinished) {
      throw new StartupError(`Migration ${unfinished.migration_name} was started but never finished (a failed \`prisma migrate deploy\`?): resolve it with \`npx prisma migrate resolve\` before starting.`);
    }
    const applied: string[] = [];
    for (const m of migrations) {
      const prior = done.get(m.name);
      if (prior) {
        if (prior.checksum !== m.checksum) {
          console.warn(`[migrate] ${m.name} was changed after it was applied (checksum differs); leaving it as applied.`);
        }
        continue;
      }
      try {
        await client.query("BEGIN");
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [crypto.randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
        applied.push(m.name);
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw new StartupError(`Migration ${m.name} failed and was rolled back, nothing of it applied: ${(e as Error).message}`, { cause: e });
      }
    }
    return { applied, total: migrations.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => {});
  }
}
