import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, query, type TestDatabase } from "./support/db.ts";
import { runCli, startServer } from "./support/server.ts";

describe("checkpoint CLI with DATABASE_URL", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase("server", { migrate: false });
  });
  afterAll(() => db.drop());
  const env = () => ({ DATABASE_URL: db.url, AUTH_SECRET: "x".repeat(40) });

  it("migrate applies the migrations, then reports the database up to date", () => {
    const first = runCli(["migrate"], env());
    expect(first.stderr).toBe("");
    expect(first.stdout).toMatch(/Applied \d+ migration/);
    expect(runCli(["migrate"], env()).stdout).toMatch(/up to date/);
  });

  it("--help lists every command", () => {
    const r = runCli(["--help"]);
    expect(r.status).toBe(0);
    for (const c of ["user create", "integration create", "migrate"]) expect(r.stdout).toContain(c);
  });

  it("user create prints a generated password when none is given", async () => {
    const r = runCli(["user", "create", "--email", "Op@Example.com", "--name", "Op", "--role", "operator"], env());
    expect(r.status, r.stderr).toBe(0);
    const password = r.stdout.match(/Password: (\S+)/)?.[1];
    expect(password).toMatch(/^\S{20}$/);
    const rows = await query(db.url, `SELECT email, role FROM users`);
    expect(rows).toEqual([{ email: "op@example.com", role: "operator" }]);
  });

  it("user create refuses a bad role with one line", () => {
    const r = runCli(["user", "create", "--email", "x@example.com", "--name", "X", "--role", "boss"], env());
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/role/);
  });

  it("integration create --json prints the keys as one JSON object", async () => {
    const r = runCli(["integration", "create", "--name", "Acme", "--environment", "live", "--plan", "enterprise", "--rate-cap", "5000", "--json"], env());
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ name: "Acme", environment: "live", plan: "enterprise" });
    expect(out.apiKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(out.sharedSecret).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await query<{ rate_cap: number }>(db.url, `SELECT rate_cap FROM integrations WHERE id = $1`, [out.id]);
    expect(row.rate_cap).toBe(5000);
  });

  it("integration create rejects a plain-http callback", () => {
    const r = runCli(["integration", "create", "--name", "Bad", "--callback", "http://example.com/done", "--json"], env());
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/callbackUrl: Must be an https/);
  });

  it("checks webhook URLs when they are saved, not only at delivery, without naming what they resolve to", () => {
    const noPrivate = { ...env(), CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "" };
    const created = runCli(["integration", "create", "--name", "Hooks", "--decision-webhook", "http://192.0.2.10/d", "--json"], noPrivate);
    expect(created.status).toBe(1);
    expect(created.stderr).toMatch(/192\.0\.2\.10 is not allowed: it is a private or reserved address/);
    const ok = runCli(["integration", "create", "--name", "Hooks", "--json"], noPrivate);
    const { id } = JSON.parse(ok.stdout) as { id: string };
    const updated = runCli(["integration", "update", id, "--event-webhook", "http://[::ffff:10.1.2.3]/e"], noPrivate);
    expect(updated.status).toBe(1);
    expect(updated.stderr).toMatch(/--event-webhook: Webhook target ::ffff:a01:203 is not allowed/);
    // Allowed for development and tests.
    expect(runCli(["integration", "update", id, "--event-webhook", "http://127.0.0.1:9/e"], { ...env(), CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true" }).status).toBe(0);
  });
});

describe("checkpoint CLI on the embedded database while the server runs", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cp-data-"));
  const env = { CHECKPOINT_DATA_DIR: dataDir, DATABASE_URL: "" };
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer(env);
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("talks to the server's database instead of opening the files twice", () => {
    const lock = JSON.parse(fs.readFileSync(path.join(dataDir, "pglite.lock"), "utf8"));
    expect(lock.pid).toBe(server.process.pid);
    const created = runCli(["integration", "create", "--name", "Beside the server", "--json"], env);
    expect(created.status, created.stderr).toBe(0);
    const list = runCli(["integration", "list", "--json"], env);
    const names = JSON.parse(list.stdout).map((i: { name: string }) => i.name);
    expect(names).toEqual(["Test integration", "Beside the server"]);
    // The server still owns the lock and keeps running.
    expect(server.process.exitCode).toBeNull();
  });

  it("keeps everything across a restart", async () => {
    await server.stop();
    server = await startServer(env);
    const list = runCli(["integration", "list", "--json"], env);
    expect(JSON.parse(list.stdout).map((i: { name: string }) => i.name)).toEqual(["Test integration", "Beside the server"]);
  });
});
