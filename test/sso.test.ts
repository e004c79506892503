import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, setEnv, useDatabase, query, type TestDatabase } from "./support/db.ts";
import { closeDb, prisma } from "../lib/db/index.ts";
import { createUser } from "../lib/users/create-user.ts";
import { setDisabled } from "../lib/users/manage-user.ts";
import { cliActor } from "../lib/audit/record.ts";
import { signInWithOidc } from "../lib/auth/sso.ts";
import { parseConfig } from "../lib/config.ts";
import { encryptSecret } from "../lib/crypto/secrets.ts";

// The rules of single sign-on on a real PostgreSQL database (the e2e spec e2e/sso.spec.ts signs in
// through a real OpenID provider in Chromium).
describe("single sign-on: who the provider's answer signs in", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase("server");
    useDatabase(db);
    setEnv({ OIDC_ISSUER: "https://idp.example.com/", OIDC_CLIENT_ID: "cp", OIDC_CLIENT_SECRET: "s", OIDC_ALLOW_DOMAINS: "Corp.example, @staff.example", OIDC_DEFAULT_ROLE: "reviewer" });
    await createUser({ email: "ops@example.com", name: "Ops", role: "operator", password: "a long password 1" }, cliActor);
  });
  afterAll(async () => {
    setEnv({ OIDC_ISSUER: undefined, OIDC_CLIENT_ID: undefined, OIDC_CLIENT_SECRET: undefined, OIDC_ALLOW_DOMAINS: undefined, OIDC_DEFAULT_ROLE: undefined });
    await closeDb();
    await db.drop();
  });
  const refusals = () => query<{ reason: string }>(db.url, `SELECT after->>'reason' AS reason FROM audit_logs WHERE action = 'user.sso_refused' ORDER BY id`);

  it("a verified e-mail signs in its user (any case), with the session version, audited", async () => {
    await query(db.url, `UPDATE users SET session_version = 3 WHERE email = 'ops@example.com'`);
    const r = await signInWithOidc({ sub: "1", email: "OPS@example.com", email_verified: true });
    expect(r).toMatchObject({ ok: true, mfa: false, user: { email: "ops@example.com", role: "operator", sessionVersion: 3 } });
    const [row] = await query<{ after: { method: string; issuer: string } }>(db.url, `SELECT after FROM audit_logs WHERE action = 'user.sign_in' ORDER BY id DESC LIMIT 1`);
    expect(row.after).toMatchObject({ method: "oidc", issuer: "https://idp.example.com" });
  });

  it("an unverified or missing e-mail is refused, even for an existing user", async () => {
    expect(await signInWithOidc({ sub: "1", email: "ops@example.com", email_verified: false })).toEqual({ ok: false, reason: "unverified" });
    expect(await signInWithOidc({ sub: "1", email: "ops@example.com" })).toEqual({ ok: false, reason: "unverified" });
    expect(await signInWithOidc({ sub: "1", email_verified: true })).toEqual({ ok: false, reason: "unverified" });
  });

  it("an unknown user gets an account only in an allowed domain, with the default role", async () => {
    expect(await signInWithOidc({ sub: "2", email: "eve@evil.example", email_verified: true })).toEqual({ ok: false, reason: "unknown" });
    expect(await signInWithOidc({ sub: "2", email: "eve@corp.example.evil", email_verified: true })).toEqual({ ok: false, reason: "unknown" });
    const r = await signInWithOidc({ sub: "3", email: "new@corp.example", email_verified: "true", name: "New Person" });
    expect(r).toMatchObject({ ok: true, user: { email: "new@corp.example", name: "New Person", role: "reviewer" } });
    expect(await query(db.url, `SELECT email FROM users WHERE email LIKE '%evil%'`)).toEqual([]);
    const [created] = await query<{ actor_label: string }>(db.url, `SELECT actor_label FROM audit_logs WHERE action = 'user.create' AND target_id = $1`, [r.ok ? r.user.id : ""]);
    expect(created.actor_label).toBe("sso:https://idp.example.com");
  });

  it("a disabled user is refused", async () => {
    const u = await prisma().user.findUniqueOrThrow({ where: { email: "new@corp.example" } });
    await setDisabled({ userId: u.id, disabled: true }, cliActor);
    expect(await signInWithOidc({ sub: "3", email: "new@corp.example", email_verified: true })).toEqual({ ok: false, reason: "disabled" });
  });

  it("a user with TOTP enrolled signs in by SSO only when the provider used more than one factor", async () => {
    await createUser({ email: "totp@staff.example", name: "T", role: "admin", password: "a long password 2" }, cliActor);
    await query(db.url, `UPDATE users SET totp_secret_ciphertext = $1 WHERE email = 'totp@staff.example'`, [encryptSecret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")]);
    expect(await signInWithOidc({ sub: "4", email: "totp@staff.example", email_verified: true, amr: ["pwd"] })).toEqual({ ok: false, reason: "two_factor" });
    expect(await signInWithOidc({ sub: "4", email: "totp@staff.example", email_verified: true, amr: ["pwd", "otp"] })).toMatchObject({ ok: true, mfa: true });
    expect((await refusals()).map((r) => r.reason)).toEqual(["unverified", "unverified", "unverified", "unknown", "unknown", "disabled", "two_factor"]);
  });

  it("configuration: all three of issuer, id and secret, and a role for the domain rule", () => {
    expect(() => parseConfig({ OIDC_ISSUER: "https://idp.example.com" })).toThrow("OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET missing.");
    expect(() => parseConfig({ OIDC_ISSUER: "idp", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" })).toThrow(/OIDC_ISSUER must be the provider's issuer URL/);
    expect(() => parseConfig({ OIDC_ISSUER: "https://idp.example.com", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b", OIDC_ALLOW_DOMAINS: "corp.example" })).toThrow(/OIDC_ALLOW_DOMAINS needs OIDC_DEFAULT_ROLE/);
    expect(() => parseConfig({ OIDC_DEFAULT_ROLE: "root" })).toThrow(/OIDC_DEFAULT_ROLE must be admin, operator or reviewer/);
    expect(parseConfig({}).oidc).toBeNull();
    expect(parseConfig({ OIDC_ISSUER: "https://idp.example.com", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" }).oidc).toMatchObject({ name: "single sign-on", allowDomains: [], defaultRole: null });
  });
});
