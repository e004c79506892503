import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, runServerExpectingFailure } from "./support/server.ts";
import { createDatabase, query } from "./support/db.ts";

const firstLine = (s: string) => s.trim().split("\n")[0];

describe("start-up failures name their cause in one line", () => {
  it("a malformed DATABASE_URL", async () => {
    const r = runServerExpectingFailure({ DATABASE_URL: "not a url", PORT: String(await freePort()) });
    expect(r.status).toBe(1);
    expect(firstLine(r.stderr)).toMatch(/^Checkpoint could not start: DATABASE_URL is not a valid URL/);
  });

  it("a database that is down", async () => {
    const port = await freePort();
    const r = runServerExpectingFailure({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/x`, PORT: String(await freePort()), AUTH_SECRET: "s".repeat(40) });
    expect(r.status).toBe(1);
    expect(firstLine(r.stderr)).toMatch(/Cannot connect to PostgreSQL at 127\.0\.0\.1:\d+\/x: nothing is listening/);
  });

  it("a database that does not exist", async () => {
    const r = runServerExpectingFailure({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/cp_missing_db", PORT: String(await freePort()), AUTH_SECRET: "s".repeat(40) });
    expect(firstLine(r.stderr)).toMatch(/does not exist .*createdb/);
  });

  it("a port already in use", async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((res) => blocker.listen(0, () => res((blocker.address() as net.AddressInfo).port)));
    try {
      const r = runServerExpectingFailure({ PORT: String(port), DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres" });
      expect(r.status).toBe(1);
      expect(firstLine(r.stderr)).toBe(`Checkpoint could not start: Port ${port} is already in use: stop the other process or start with PORT=<another port>.`);
    } finally {
      blocker.close();
    }
  });

  it("AUTH_SECRET missing with a server database in production", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cp-nosecret-"));
    const r = runServerExpectingFailure({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres", AUTH_SECRET: "", CHECKPOINT_DATA_DIR: dataDir, PORT: String(await freePort()) });
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(firstLine(r.stderr)).toMatch(/AUTH_SECRET is required with a server database in production/);
  });

  it("a failed migration, leaving nothing half-applied", async () => {
    const db = await createDatabase("server", { migrate: false });
    try {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cp-mig-"));
      fs.cpSync("prisma/migrations", dir, { recursive: true });
      fs.mkdirSync(path.join(dir, "99999999999999_broken"));
      fs.writeFileSync(path.join(dir, "99999999999999_broken", "migration.sql"), "CREATE TABLE half_done (id int);\nALTER TABLE nope ADD COLUMN x int;");
      const r = runServerExpectingFailure({ DATABASE_URL: db.url, AUTH_SECRET: "s".repeat(40), CHECKPOINT_MIGRATIONS_DIR: dir, PORT: String(await freePort()) });
      fs.rmSync(dir, { recursive: true, force: true });
      expect(r.status).toBe(1);
      expect(firstLine(r.stderr)).toMatch(/Migration 99999999999999_broken failed and was rolled back, nothing of it applied: relation "nope" does not exist/);
      const [t] = await query<{ t: string | null }>(db.url, `SELECT to_regclass('public.half_done')::text AS t`);
      expect(t.t).toBeNull();
    } finally {
      await db.drop();
    }
  });
});
