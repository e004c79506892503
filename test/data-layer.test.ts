import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, useDatabase, query, type TestDatabase } from "./support/db.ts";
import { closeDb, prisma } from "../lib/db/index.ts";
import { createIntegration } from "../lib/integrations/create-integration.ts";
import { createUser } from "../lib/users/create-user.ts";
import { decryptSecret } from "../lib/crypto/secrets.ts";
import { signInWithPassword } from "../lib/auth/sign-in.ts";
import { ensureFirstRun, setupComplete } from "../lib/setup/first-run.ts";
import { createFirstAdmin } from "../lib/setup/create-first-admin.ts";
import { cliActor } from "../lib/audit/record.ts";

// One database kind per run of this file: the suite runs it on the server and on PGlite.
const kind = (process.env.TEST_DB_KIND as "server" | "pglite") ?? "server";

describe(`data layer on ${kind}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase(kind);
    useDatabase(db);
  });
  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("creates the test integration once on an empty database", async () => {
    await ensureFirstRun();
    await ensureFirstRun();
    const rows = await prisma().integration.findMany({ include: { apiKeys: true } });
    expect(rows.map((r) => [r.name, r.environment])).toEqual([["Test integration", "test"]]);
    expect(rows[0].apiKeys).toHaveLength(1);
  });

  it("stores shared secrets encrypted, never in plain text", async () => {
    const created = await createIntegration({ name: "Acme", environment: "live", plan: "enterprise" }, cliActor);
    expect(created.apiKey).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await query<{ secret_ciphertext: string }>(db.url, `SELECT secret_ciphertext FROM api_keys WHERE id = $1`, [created.apiKey]);
    expect(row.secret_ciphertext).not.toContain(created.sharedSecret);
    expect(decryptSecret(row.secret_ciphertext)).toBe(created.sharedSecret);
    const audit = await query<{ action: string; actor_label: string }>(db.url, `SELECT action, actor_label FROM audit_logs WHERE target_id = $1`, [created.id]);
    expect(audit).toEqual([{ action: "integration.create", actor_label: "cli" }]);
  });

  it("treats e-mail addresses case-insensitively", async () => {
    await createUser({ email: "Ops@Example.com", name: "Ops", role: "operator", password: "correct horse battery" }, cliActor);
    await expect(createUser({ email: "ops@example.COM", name: "Ops 2", role: "operator" }, cliActor)).rejects.toThrow(/already exists/);
    const ok = await signInWithPassword("OPS@example.com", "correct horse battery");
    expect(ok.ok).toBe(true);
  });

  it("locks an account for 15 minutes after five failed sign-ins, counting before the password is compared", async () => {
    await createUser({ email: "rev@example.com", name: "Rev", role: "reviewer", password: "right password 1" }, cliActor);
    for (let i = 0; i < 4; i++) expect(await signInWithPassword("rev@example.com", "wrong", "192.0.2.7")).toEqual({ ok: false, reason: "invalid" });
    const fifth = await signInWithPassword("rev@example.com", "wrong", "192.0.2.7");
    expect(fifth.ok).toBe(false);
    expect(fifth.ok === false && fifth.reason).toBe("locked");
    // Even the right password is refused while locked.
    const locked = await signInWithPassword("rev@example.com", "right password 1", "192.0.2.7");
    expect(locked.ok === false && locked.reason).toBe("locked");
    const until = locked.ok === false ? locked.lockedUntil!.getTime() - Date.now() : 0;
    expect(until).toBeGreaterThan(14 * 60_000);
    expect(until).toBeLessThanOrEqual(15 * 60_000 + 5_000);
    // The lock is per address: the owner signing in from elsewhere is not locked out.
    expect((await signInWithPassword("rev@example.com", "right password 1", "198.51.100.8")).ok).toBe(true);
    // An unknown account locks the same way: the answers do not tell whether it exists.
    const unknown: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await signInWithPassword("nobody@example.com", "wrong", "192.0.2.7");
      unknown.push(r.ok ? "ok" : r.reason);
    }
    expect(unknown).toEqual(["invalid", "invalid", "invalid", "invalid", "locked", "locked"]);
    // When the lock has passed, the right password works and the count starts again.
    await query(db.url, `UPDATE sign_in_throttle SET locked_until = now() - interval '1 second' WHERE key LIKE 'aa:%:192.0.2.7'`);
    expect((await signInWithPassword("rev@example.com", "right password 1", "192.0.2.7")).ok).toBe(true);
    const rows = await query<{ attempts: number }>(db.url, `SELECT attempts FROM sign_in_throttle WHERE key LIKE 'aa:%:192.0.2.7' AND locked_until IS NULL`);
    expect(rows.map((r) => r.attempts)).toEqual([0]);
  });

  it("offers no setup once an admin exists, even one made with the CLI", async () => {
    expect(await setupComplete()).toBe(false);
    await createUser({ email: "cli-admin@example.com", name: "CLI Admin", role: "admin", password: "a long password!" }, cliActor);
    expect(await setupComplete()).toBe(true);
    await expect(createFirstAdmin({ email: "stranger@example.com", name: "Stranger", password: "a long password!", confirm: "a long password!" }, null)).rejects.toThrow(/already complete/);
    await query(db.url, `DELETE FROM users WHERE email = 'cli-admin@example.com'`);
    await query(db.url, `DELETE FROM settings WHERE key = 'setup.completed'`);
  });

  it("creates the first admin exactly once", async () => {
    const input = { email: "admin@example.com", name: "Admin", password: "a long password!", confirm: "a long password!" };
    await createFirstAdmin(input, null);
    await expect(createFirstAdmin({ ...input, email: "second@example.com" }, null)).rejects.toThrow(/already complete/);
    const admins = await prisma().user.count({ where: { role: "admin" } });
    expect(admins).toBe(1);
  });
});
