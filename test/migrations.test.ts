import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, query, type DbKind, type TestDatabase } from "./support/db.ts";
import { describeSchema } from "./support/catalog.ts";
import { listMigrations, migrate } from "../lib/db/migrate.ts";
import { config } from "../lib/config.ts";

// The SQL Prisma would write for schema.prisma from nothing: the reference the migrations must match.
let schemaSql = "";
beforeAll(() => {
  schemaSql = execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  expect(schemaSql).toContain('CREATE TABLE "verification_sessions"');
}, 120_000);

describe.each<DbKind>(["server", "pglite"])("migrations on %s", (kind) => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it("describe the same database as schema.prisma", async () => {
    const migrated = await createDatabase(kind);
    const fromSchema = await createDatabase(kind, { migrate: false });
    dbs.push(migrated, fromSchema);
    await query(fromSchema.url, schemaSql);
    const a = await describeSchema(migrated.url);
    const b = await describeSchema(fromSchema.url);
    expect(a.tables.length).toBeGreaterThan(10);
    expect(a).toEqual(b);
  });

  it("are recorded in Prisma's table and applied once", async () => {
    const db = await createDatabase(kind);
    dbs.push(db);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const again = await migrate(c);
    await c.end();
    expect(again.applied).toEqual([]);
    const rows = await query<{ migration_name: string; checksum: string }>(db.url, `SELECT migration_name, checksum FROM _prisma_migrations ORDER BY 1`);
    expect(rows.map((r) => r.migration_name)).toEqual(listMigrations().map((m) => m.name));
    expect(rows.map((r) => r.checksum)).toEqual(listMigrations().map((m) => m.checksum));
  });

  it("roll a failing migration back whole", async () => {
    const db = await createDatabase(kind, { migrate: false });
    dbs.push(db);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cp-mig-"));
    fs.cpSync(config().migrationsDir, dir, { recursive: true });
    fs.mkdirSync(path.join(dir, "99999999999999_broken"));
    fs.writeFileSync(path.join(dir, "99999999999999_broken", "migration.sql"), `CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;`);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await expect(migrate(c, dir)).rejects.toThrow(/99999999999999_broken failed and was rolled back/);
    await c.end();
    fs.rmSync(dir, { recursive: true, force: true });
    const tables = await query<{ t: string | null }>(db.url, `SELECT to_regclass('public.half_done')::text AS t`);
    expect(tables[0].t).toBeNull();
    const recorded = await query(db.url, `SELECT 1 FROM _prisma_migrations WHERE migration_name = '99999999999999_broken'`);
    expect(recorded).toHaveLength(0);
    // The good migrations before it stay applied.
    const sessions = await query<{ t: string | null }>(db.url, `SELECT to_regclass('public.verification_sessions')::text AS t`);
    expect(sessions[0].t).toBe("verification_sessions");
  });
});
