import { afterAll, beforeAll, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { generate } from "otplib";
import { createDatabase, setEnv, useDatabase, query, type TestDatabase } from "./support/db.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { AuthClient } from "./support/next-auth-client.ts";
import { closeDb } from "../lib/db/index.ts";
import { createUser } from "../lib/users/create-user.ts";
import { changeRole, resetPassword, setDisabled } from "../lib/users/manage-user.ts";
import { beginTotpEnrolment, confirmTotpEnrolment, resetSecondFactor, setRolesRequiringTwoFactor } from "../lib/auth/two-factor.ts";
import { cliActor } from "../lib/audit/record.ts";

// The real server (server.ts + Next production build) on a real PostgreSQL server; next-auth's
// credentials endpoint over HTTP, each client with its own CSRF token and cookies.
describe("sign-in under attack, sessions that end, two-factor (over HTTP)", () => {
  let db: TestDatabase;
  let server: RunningServer;
  const secret = crypto.randomBytes(32).toString("hex");
  const client = () => new AuthClient(server.url);

  beforeAll(async () => {
    db = await createDatabase("server");
    useDatabase(db);
    setEnv({ AUTH_SECRET: secret, APP_URL: undefined });
    await createUser({ email: "victim@example.com", name: "Victim", role: "admin", password: "the right password 1" }, cliActor);
    await createUser({ email: "other-admin@example.com", name: "Other", role: "admin", password: "the right password 2" }, cliActor);
    server = await startServer({ DATABASE_URL: db.url, AUTH_SECRET: secret, PORT: process.env.TEST_HTTP_PORT ?? "3811" }, { apiOnly: false, timeoutMs: 120_000 });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await closeDb();
    await db?.drop();
  });

  it("150 parallel guesses, the right password among them, never sign in", async () => {
    const clients = Array.from({ length: 150 }, client);
    const tokens = await Promise.all(clients.map((c) => c.csrf()));
    // The right password is the last one sent; all 150 are in flight at once.
    const answers = await Promise.all(clients.map((c, i) => c.signIn("victim@example.com", i === 149 ? "the right password 1" : `guess ${i}`, "", tokens[i])));
    expect(answers.filter((a) => a === null)).toEqual([]);
    // At most five reached the password comparison; the rest were refused before it.
    expect(answers.filter((a) => a === "CredentialsSignin").length).toBeLessThanOrEqual(5);
    expect(answers.filter((a) => a === "locked").length).toBeGreaterThanOrEqual(145);
    // Locked: even the right password is refused, from this address.
    expect(await client().signIn("victim@example.com", "the right password 1")).toBe("locked");
    const rows = await query<{ key: string; attempts: number; locked_until: Date | null }>(db.url, `SELECT key, attempts, locked_until FROM sign_in_throttle ORDER BY key`);
    // The account from this address, the account from anywhere, and this address across accounts: all locked.
    expect(rows.map((r) => [r.key.split(":")[0], r.locked_until !== null])).toEqual([["a", true], ["aa", true], ["ip", true]]);
    // The address is locked for every account now.
    expect(await client().signIn("other-admin@example.com", "the right password 2")).toBe("locked");
    // The address lock would refuse the rest of this file's sign-ins from 127.0.0.1.
    await query(db.url, `DELETE FROM sign_in_throttle WHERE key LIKE 'ip:%'`);
  }, 120_000);

  it("answers an unknown account exactly as an existing one", async () => {
    const seq = async (email: string) => {
      const out: (string | null)[] = [];
      for (let i = 0; i < 7; i++) out.push(await client().signIn(email, `wrong ${i}`));
      return out;
    };
    await createUser({ email: "existing@example.com", name: "Existing", role: "reviewer", password: "existing password 1" }, cliActor);
    const existing = await seq("existing@example.com");
    const unknown = await seq("nobody-here@example.com");
    expect(existing).toEqual(["CredentialsSignin", "CredentialsSignin", "CredentialsSignin", "CredentialsSignin", "locked", "locked", "locked"]);
    expect(unknown).toEqual(existing);
  }, 120_000);

  it("an admin's reset unlocks, the one-time password signs in once and forces a new password first", async () => {
    const [u] = await query<{ id: string }>(db.url, `SELECT id FROM users WHERE email = 'victim@example.com'`);
    const r = await resetPassword({ userId: u.id, credential: "password" }, cliActor);
    if (r.credential.kind !== "password") throw new Error("expected a password");
    const c = client();
    expect(await c.signIn("victim@example.com", r.credential.password)).toBeNull();
    // Every portal page sends the user to choose a password; the page itself opens.
    expect(await c.page("/sessions")).toMatchObject({ status: 307, location: "/account/password" });
    expect(await c.page("/team")).toMatchObject({ status: 307, location: "/account/password" });
    expect((await c.page("/account/password")).status).toBe(200);
    // Route handlers refuse too.
    expect((await c.fetch("/api/sessions")).status).toBe(403);
    // The one-time password works once.
    expect(await client().signIn("victim@example.com", r.credential.password)).toBe("CredentialsSignin");
  }, 60_000);

  it("ends a user's sessions on sign-out, password reset, demotion and disable", async () => {
    await createUser({ email: "ops@example.com", name: "Ops", role: "admin", password: "ops password 123" }, cliActor);
    const [u] = await query<{ id: string }>(db.url, `SELECT id FROM users WHERE email = 'ops@example.com'`);
    const signedIn = async () => {
      const c = client();
      expect(await c.signIn("ops@example.com", "ops password 123")).toBeNull();
      expect(await c.signedIn()).toBe(true);
      return c;
    };
    // Sign-out on one browser ends the cookie copied from it, and the other browser's too.
    const a = await signedIn();
    const b = await signedIn();
    const copied = new AuthClient(server.url);
    copied.cookies = new Map(a.cookies);
    await a.signOut();
    expect(await copied.signedIn()).toBe(false);
    expect(await b.signedIn()).toBe(false);
    // Demotion ends sessions; promotion need not.
    const c = await signedIn();
    await changeRole({ userId: u.id, role: "operator" }, cliActor);
    expect(await c.signedIn()).toBe(false);
    const d = await signedIn();
    await setDisabled({ userId: u.id, disabled: true }, cliActor);
    expect(await d.signedIn()).toBe(false);
    await setDisabled({ userId: u.id, disabled: false }, cliActor);
    expect(await d.signedIn()).toBe(false);
    const e = await signedIn();
    await resetPassword({ userId: u.id, credential: "link" }, cliActor);
    expect(await e.signedIn()).toBe(false);
  }, 120_000);

  it("two-factor: the password alone gives no session; a code works once; a recovery code works once", async () => {
    await createUser({ email: "tf@example.com", name: "TF", role: "reviewer", password: "tf password 12345" }, cliActor);
    const [u] = await query<{ id: string }>(db.url, `SELECT id FROM users WHERE email = 'tf@example.com'`);
    const { secret: totp } = await beginTotpEnrolment(u.id);
    const codes = await confirmTotpEnrolment(u.id, await generate({ secret: totp, epoch: Math.floor(Date.now() / 1000) - 30 }), cliActor);
    expect(codes).toHaveLength(10);
    const [row] = await query<{ totp_secret_ciphertext: string }>(db.url, `SELECT totp_secret_ciphertext FROM users WHERE id = $1`, [u.id]);
    expect(row.totp_secret_ciphertext).not.toContain(totp);
    const c = client();
    expect(await c.signIn("tf@example.com", "tf password 12345")).toBe("otp_required");
    expect(await c.signedIn()).toBe(false);
    expect(await c.signIn("tf@example.com", "tf password 12345", "000000")).toBe("CredentialsSignin");
    const now = await generate({ secret: totp });
    expect(await c.signIn("tf@example.com", "tf password 12345", now)).toBeNull();
    expect(await c.signedIn()).toBe(true);
    // The same code again is refused (replay).
    expect(await client().signIn("tf@example.com", "tf password 12345", now)).toBe("CredentialsSignin");
    expect(await client().signIn("tf@example.com", "tf password 12345", codes[0].toUpperCase())).toBeNull();
    expect(await client().signIn("tf@example.com", "tf password 12345", codes[0])).toBe("CredentialsSignin");
    // An admin's reset of the second factor is audited and ends the sessions.
    await resetSecondFactor(u.id, { label: "admin@example.com" });
    expect(await c.signedIn()).toBe(false);
    const audit = await query<{ action: string }>(db.url, `SELECT action FROM audit_logs WHERE target_id = $1 AND action LIKE 'user.two_factor%' ORDER BY id`, [u.id]);
    expect(audit.map((a) => a.action)).toEqual(["user.two_factor_enable", "user.two_factor_reset"]);
  }, 120_000);

  it("a role that requires two-factor sends its users to enrol before anything else", async () => {
    await createUser({ email: "rv@example.com", name: "RV", role: "reviewer", password: "rv password 12345" }, cliActor);
    await setRolesRequiringTwoFactor(["reviewer"], cliActor);
    const c = client();
    expect(await c.signIn("rv@example.com", "rv password 12345")).toBeNull();
    expect(await c.page("/review")).toMatchObject({ status: 307, location: "/account/two-factor" });
    expect((await c.page("/account/two-factor")).status).toBe(200);
    await setRolesRequiringTwoFactor([], cliActor);
  }, 60_000);
});
