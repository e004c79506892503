import http from "node:http";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, setEnv, useDatabase, query, type TestDatabase } from "./support/db.ts";
import { closeDb, prisma } from "../lib/db/index.ts";
import { createIntegration } from "../lib/integrations/create-integration.ts";
import { updateIntegration } from "../lib/integrations/update-integration.ts";
import { sendTestWebhook } from "../lib/integrations/send-test-webhook.ts";
import { signPayload as signBody } from "../lib/webhooks/sign.ts";
import { isPrivateAddress } from "../lib/webhooks/assert-webhook-url.ts";
import { createApiKey } from "../lib/keys/create-key.ts";
import { revokeApiKey, rotateApiKey } from "../lib/keys/revoke-key.ts";
import { isKeyValid, VALID_KEY_SQL } from "../lib/keys/key-validity.ts";
import { decryptSecret, encryptSecret } from "../lib/crypto/secrets.ts";
import { createUser } from "../lib/users/create-user.ts";
import { addUser } from "../lib/users/add-user.ts";
import { changeRole, resetPassword, setDisabled } from "../lib/users/manage-user.ts";
import { findSetPasswordToken, setPasswordWithToken } from "../lib/users/set-password.ts";
import { signInWithPassword } from "../lib/auth/sign-in.ts";
import { resendDelivery } from "../lib/webhooks/resend.ts";
import { listDeliveries } from "../lib/deliveries/list-deliveries.ts";
import { auditActions, listAudit } from "../lib/audit/list-audit.ts";
import { cliActor, type Actor } from "../lib/audit/record.ts";

const kind = (process.env.TEST_DB_KIND as "server" | "pglite") ?? "server";
const admin: Actor = { label: "admin@example.com", ip: "203.0.113.9" };

describe(`admin domain on ${kind}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase(kind);
    useDatabase(db);
    setEnv({ APP_URL: "https://verify.example.com" });
  });
  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  const validKeys = async (integrationId: string) =>
    (await query<{ id: string }>(db.url, `SELECT id FROM api_keys WHERE integration_id = $1 AND ${VALID_KEY_SQL} ORDER BY created_at`, [integrationId])).map((r) => r.id);

  describe("shared secrets at rest", () => {
    it.runIf(kind === "server")("a database dump holds no shared secret in plain text", async () => {
      const a = await createIntegration({ name: "Dump" }, cliActor);
      const k = await createApiKey({ integrationId: a.id, label: "Second" }, admin);
      const dump = spawnSync("pg_dump", ["--data-only", db.url], { encoding: "utf8", maxBuffer: 64 << 20 });
      expect(dump.status).toBe(0);
      expect(dump.stdout).toContain(a.apiKey);
      expect(dump.stdout).not.toContain(a.sharedSecret);
      expect(dump.stdout).not.toContain(k.sharedSecret);
      // Without AUTH_SECRET the ciphertext is useless: another key cannot open it.
      const [row] = await query<{ secret_ciphertext: string }>(db.url, `SELECT secret_ciphertext FROM api_keys WHERE id = $1`, [k.apiKey]);
      const saved = process.env.AUTH_SECRET;
      setEnv({ AUTH_SECRET: "another-secret-another-secret-another-secret" });
      try {
        expect(() => decryptSecret(row.secret_ciphertext)).toThrow();
      } finally {
        setEnv({ AUTH_SECRET: saved });
      }
      expect(decryptSecret(row.secret_ciphertext)).toBe(k.sharedSecret);
    });

    it("tampered ciphertext fails to decrypt", () => {
      const stored = encryptSecret("4f8a5e9c-secret");
      const [v, iv, tag, ct] = stored.split(".");
      const flipped = Buffer.from(ct, "base64url");
      flipped[0] ^= 1;
      expect(() => decryptSecret([v, iv, tag, flipped.toString("base64url")].join("."))).toThrow();
      const badTag = Buffer.from(tag, "base64url");
      badTag[3] ^= 0x80;
      expect(() => decryptSecret([v, iv, badTag.toString("base64url"), ct].join("."))).toThrow();
      expect(encryptSecret("same")).not.toBe(encryptSecret("same"));
    });
  });

  describe("API keys", () => {
    it("rotation keeps both keys valid during the grace period, then only the new one", async () => {
      const a = await createIntegration({ name: "Rotate" }, cliActor);
      const r = await rotateApiKey({ keyId: a.apiKey, grace: "1h" }, admin);
      expect(r.apiKey).not.toBe(a.apiKey);
      expect(decryptSecret((await prisma().apiKey.findUniqueOrThrow({ where: { id: r.apiKey } })).secretCiphertext)).toBe(r.sharedSecret);
      expect(await validKeys(a.id)).toEqual([a.apiKey, r.apiKey]);
      const old = await prisma().apiKey.findUniqueOrThrow({ where: { id: a.apiKey } });
      const graceMs = old.revokedAt!.getTime() - Date.now();
      expect(graceMs).toBeGreaterThan(3590_000);
      expect(graceMs).toBeLessThanOrEqual(3600_000);
      expect(isKeyValid(old, new Date(Date.now() + 3599_000 - 5_000))).toBe(true);
      expect(isKeyValid(old, new Date(old.revokedAt!.getTime() + 1))).toBe(false);
      // Rotating an already-rotated key is refused; revoking ends the grace period now.
      await expect(rotateApiKey({ keyId: a.apiKey, grace: "none" }, admin)).rejects.toThrow(/Only an active key/);
      await revokeApiKey({ keyId: a.apiKey }, admin);
      expect(await validKeys(a.id)).toEqual([r.apiKey]);
      // Grace "none" invalidates the old key at once.
      const r2 = await rotateApiKey({ keyId: r.apiKey, grace: "none", label: "Rotated" }, admin);
      await new Promise((res) => setTimeout(res, 5));
      expect(await validKeys(a.id)).toEqual([r2.apiKey]);
      const audit = await query<{ action: string; ip: string }>(db.url, `SELECT action, ip FROM audit_logs WHERE target_type = 'api_key' AND target_id = ANY($1) ORDER BY id`, [[a.apiKey, r.apiKey]]);
      expect(audit.map((x) => x.action)).toEqual(["api_key.rotate", "api_key.revoke", "api_key.rotate"]);
      expect(audit[0].ip).toBe("203.0.113.9");
    });

    it("an integration holds several labelled keys", async () => {
      const a = await createIntegration({ name: "Many" }, cliActor);
      await createApiKey({ integrationId: a.id, label: "Backend" }, admin);
      await expect(createApiKey({ integrationId: a.id, label: " " }, admin)).rejects.toThrow(/Label is required/);
      const keys = await prisma().apiKey.findMany({ where: { integrationId: a.id }, orderBy: { createdAt: "asc" } });
      expect(keys.map((k) => k.label)).toEqual(["Default", "Backend"]);
    });

    it("refuses a label another working key of the integration has, and a rotated key gets its own", async () => {
      const a = await createIntegration({ name: "Labels" }, cliActor);
      const backend = await createApiKey({ integrationId: a.id, label: "Backend" }, admin);
      await expect(createApiKey({ integrationId: a.id, label: "backend" }, admin)).rejects.toMatchObject({ code: "label_taken", field: "label" });
      await expect(rotateApiKey({ keyId: backend.apiKey, grace: "1h", label: "Default" }, admin)).rejects.toMatchObject({ code: "label_taken" });
      const day = new Date().toISOString().slice(0, 10);
      const r1 = await rotateApiKey({ keyId: backend.apiKey, grace: "1h" }, admin);
      expect(r1.label).toBe(`Backend (rotated ${day})`);
      // Its rotation does not stack suffixes, and is numbered while the first one still works.
      const r2 = await rotateApiKey({ keyId: r1.apiKey, grace: "1h" }, admin);
      expect(r2.label).toBe(`Backend (rotated ${day} #2)`);
      // Another integration may use the same label; a revoked key's label is free again.
      const b = await createIntegration({ name: "Labels too" }, cliActor);
      await createApiKey({ integrationId: b.id, label: "Backend" }, admin);
      await revokeApiKey({ keyId: r2.apiKey }, admin);
      await expect(createApiKey({ integrationId: a.id, label: `Backend (rotated ${day} #2)` }, admin)).resolves.toMatchObject({ label: `Backend (rotated ${day} #2)` });
    });
  });

  describe("integration names", () => {
    it("refuses a name another integration has, in any case, on create and rename", async () => {
      const a = await createIntegration({ name: "Unique Co" }, cliActor);
      await expect(createIntegration({ name: "unique co" }, cliActor)).rejects.toMatchObject({ code: "name_taken", field: "name" });
      const b = await createIntegration({ name: "Another Co" }, cliActor);
      await expect(updateIntegration({ id: b.id, name: "UNIQUE CO", reviewEnabled: false, active: true }, admin)).rejects.toMatchObject({ code: "name_taken" });
      // Keeping one's own name (or changing only its case) is fine.
      await expect(updateIntegration({ id: a.id, name: "Unique CO", reviewEnabled: false, active: true }, admin)).resolves.toMatchObject({ changed: true });
      await expect(createIntegration({ name: "x".repeat(101) }, cliActor)).rejects.toThrow(/at most 100 characters/);
    });
  });

  describe("hosted-flow branding", () => {
    it("saves, validates and clears each field; an update that does not name them keeps them", async () => {
      const a = await createIntegration({ name: "Branded" }, cliActor);
      const base = { id: a.id, name: "Branded", reviewEnabled: false, active: true };
      await updateIntegration(
        { ...base, brandDisplayName: "Acme Bank", brandLogoUrl: "https://cdn.acme.test/logo.svg", brandAccentColor: "#ffd500", privacyPolicyUrl: "https://acme.test/privacy", supportEmail: "Help@Acme.test" },
        admin,
      );
      expect(await prisma().integration.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({
        brandDisplayName: "Acme Bank",
        brandLogoUrl: "https://cdn.acme.test/logo.svg",
        brandAccentColor: "#FFD500",
        privacyPolicyUrl: "https://acme.test/privacy",
        supportEmail: "help@acme.test",
      });
      await expect(updateIntegration({ ...base, brandLogoUrl: "http://cdn.acme.test/logo.svg" }, admin)).rejects.toThrow(/Logo URL must be an https:\/\/ address/);
      await expect(updateIntegration({ ...base, brandAccentColor: "yellow" }, admin)).rejects.toThrow(/#RRGGBB|six hexadecimal/);
      await expect(updateIntegration({ ...base, supportEmail: `${"a".repeat(250)}@x.test` }, admin)).rejects.toThrow(/at most 254/);
      await expect(updateIntegration({ ...base, privacyPolicyUrl: "javascript:alert(1)" }, admin)).rejects.toThrow(/https/);
      // Not named: kept. Named empty: cleared.
      await updateIntegration({ ...base, name: "Branded 2" }, admin);
      expect((await prisma().integration.findUniqueOrThrow({ where: { id: a.id } })).brandDisplayName).toBe("Acme Bank");
      await updateIntegration({ ...base, name: "Branded 2", brandDisplayName: "", brandAccentColor: "" }, admin);
      expect(await prisma().integration.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ brandDisplayName: null, brandAccentColor: null, supportEmail: "help@acme.test" });
    });
  });

  describe("integration settings", () => {
    it("saves settings with before/after in the audit log, and deactivates", async () => {
      const a = await createIntegration({ name: "Settings" }, cliActor);
      await expect(updateIntegration({ id: a.id, name: "Settings", callbackUrl: "http://example.com/x", reviewEnabled: false, active: true }, admin)).rejects.toThrow(/https/);
      await updateIntegration({ id: a.id, name: "Settings 2", callbackUrl: "https://example.com/done", decisionWebhookUrl: "https://hooks.example.com/d", rateCap: "120", reviewEnabled: "on", active: true }, admin);
      const row = await prisma().integration.findUniqueOrThrow({ where: { id: a.id } });
      expect(row).toMatchObject({ name: "Settings 2", callbackUrl: "https://example.com/done", rateCap: 120, reviewEnabled: true, active: true });
      await updateIntegration({ id: a.id, name: "Settings 2", callbackUrl: "https://example.com/done", decisionWebhookUrl: "https://hooks.example.com/d", rateCap: "", reviewEnabled: "on", active: false }, admin);
      const audit = await query<{ action: string; before: unknown; after: unknown }>(db.url, `SELECT action, before, after FROM audit_logs WHERE target_id = $1 AND action <> 'integration.create' ORDER BY id`, [a.id]);
      expect(audit[0]).toMatchObject({ action: "integration.update", before: { name: "Settings", rateCap: null, reviewEnabled: false }, after: { name: "Settings 2", rateCap: 120, reviewEnabled: true } });
      expect(audit[1]).toMatchObject({ action: "integration.update", before: { active: true, rateCap: 120 }, after: { active: false, rateCap: null } });
      expect((await prisma().integration.findUniqueOrThrow({ where: { id: a.id } })).active).toBe(false);
    });
  });

  describe("test webhook", () => {
    let server: http.Server;
    let received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    let url = "";
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          received.push({ headers: req.headers, body });
          if (req.url === "/redirect") {
            res.writeHead(302, { location: "http://169.254.169.254/" });
            return res.end();
          }
          res.writeHead(req.url === "/fail" ? 500 : 200, { "content-type": "text/plain" });
          res.end(req.url === "/fail" ? "boom" : "thanks");
        });
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(server.address() as import("node:net").AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it("refuses private targets unless allowed", async () => {
      expect(isPrivateAddress("127.0.0.1")).toBe(true);
      expect(isPrivateAddress("169.254.169.254")).toBe(true);
      expect(isPrivateAddress("10.1.2.3")).toBe(true);
      expect(isPrivateAddress("::ffff:192.168.1.1")).toBe(true);
      expect(isPrivateAddress("fe80::1")).toBe(true);
      expect(isPrivateAddress("93.184.216.34")).toBe(false);
      // Saved while allowed (a private URL is refused when saved otherwise); delivery checks again.
      setEnv({ CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true" });
      const a = await createIntegration({ name: "Guarded", decisionWebhookUrl: `${url}/hook` }, cliActor);
      setEnv({ CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: undefined });
      received = [];
      const r = await sendTestWebhook(a.id, admin);
      expect(r.statusCode).toBeNull();
      expect(r.error).toMatch(/private or reserved address/);
      expect(received).toHaveLength(0);
      const [d] = await query<{ state: string; kind: string }>(db.url, `SELECT state, kind FROM webhook_deliveries WHERE id = $1`, [r.deliveryId]);
      expect(d).toEqual({ state: "failed", kind: "test" });
    });

    it("posts a signed sample decision and records the delivery and attempt", async () => {
      setEnv({ CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true" });
      const a = await createIntegration({ name: "Hooked", decisionWebhookUrl: `${url}/hook` }, cliActor);
      const newer = await createApiKey({ integrationId: a.id, label: "Newer" }, admin);
      received = [];
      const r = await sendTestWebhook(a.id, admin);
      expect(r).toMatchObject({ statusCode: 200, responseExcerpt: "thanks", error: null });
      expect(received).toHaveLength(1);
      const got = received[0];
      expect(got.headers["x-auth-client"]).toBe(newer.apiKey);
      expect(got.headers["x-hmac-signature"]).toBe(signBody(got.body, newer.sharedSecret));
      expect(got.headers["x-hmac-signature"]).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.parse(got.body)).toMatchObject({ status: "success", verification: { code: 9001, status: "approved", vendorData: "checkpoint-test-webhook" } });
      const page = await listDeliveries({ integration: a.id });
      expect(page.rows.map((x) => [x.kind, x.state, x.last_status_code])).toEqual([["test", "delivered", 200]]);
      const [att] = await query<{ status_code: number; request_headers: Record<string, string> }>(db.url, `SELECT status_code, request_headers FROM webhook_attempts WHERE delivery_id = $1`, [r.deliveryId]);
      expect(att.status_code).toBe(200);
      expect(att.request_headers["x-auth-client"]).toBe(newer.apiKey);
    });

    it("reports a failing receiver and does not follow redirects", async () => {
      const a = await createIntegration({ name: "Failing", decisionWebhookUrl: `${url}/fail` }, cliActor);
      const r = await sendTestWebhook(a.id, admin);
      expect(r).toMatchObject({ statusCode: 500, responseExcerpt: "boom" });
      await updateIntegration({ id: a.id, name: "Failing", decisionWebhookUrl: `${url}/redirect`, reviewEnabled: false, active: true }, admin);
      received = [];
      const r2 = await sendTestWebhook(a.id, admin);
      expect(r2.statusCode).toBe(302);
      expect(received).toHaveLength(1);
    });

    it("resend puts a delivery back in the outbox with an audit row", async () => {
      const a = await createIntegration({ name: "Resend", decisionWebhookUrl: `${url}/fail` }, cliActor);
      const r = await sendTestWebhook(a.id, admin);
      await resendDelivery(r.deliveryId, admin);
      const [d] = await query<{ state: string; due: boolean }>(db.url, `SELECT state, next_attempt_at <= now() AS due FROM webhook_deliveries WHERE id = $1`, [r.deliveryId]);
      expect(d).toEqual({ state: "pending", due: true });
      const audit = await listAudit({ action: "webhook.resend" });
      expect(audit.rows[0]).toMatchObject({ target_id: r.deliveryId, actor_label: admin.label, before: { state: "failed" }, after: { state: "pending" } });
    });
  });

  describe("team", () => {
    it("the last active admin can be neither demoted nor disabled", async () => {
      await query(db.url, `UPDATE users SET role = 'operator' WHERE role = 'admin'`);
      const { user: a } = await createUser({ email: "a1@example.com", name: "A1", role: "admin" }, cliActor);
      await expect(changeRole({ userId: a.id, role: "operator" }, admin)).rejects.toThrow(/last active administrator/);
      await expect(setDisabled({ userId: a.id, disabled: true }, admin)).rejects.toThrow(/last active administrator/);
      const { user: b } = await createUser({ email: "a2@example.com", name: "A2", role: "admin" }, cliActor);
      await setDisabled({ userId: b.id, disabled: true }, admin);
      // A disabled admin does not count.
      await expect(changeRole({ userId: a.id, role: "reviewer" }, admin)).rejects.toThrow(/last active administrator/);
      await setDisabled({ userId: b.id, disabled: false }, admin);
      await changeRole({ userId: a.id, role: "reviewer" }, admin);
      const audit = await query<{ before: unknown; after: unknown }>(db.url, `SELECT before, after FROM audit_logs WHERE action = 'user.role_change' AND target_id = $1`, [a.id]);
      expect(audit).toEqual([{ before: { role: "admin" }, after: { role: "reviewer" } }]);
      await changeRole({ userId: a.id, role: "admin" }, admin);
    });

    it("two concurrent demotions of the last two admins leave one admin", async () => {
      await query(db.url, `UPDATE users SET role = 'operator' WHERE role = 'admin'`);
      const { user: x } = await createUser({ email: "x@example.com", name: "X", role: "admin" }, cliActor);
      const { user: y } = await createUser({ email: "y@example.com", name: "Y", role: "admin" }, cliActor);
      for (let round = 0; round < 3; round++) {
        const results = await Promise.allSettled([changeRole({ userId: x.id, role: "operator" }, admin), setDisabled({ userId: y.id, disabled: true }, admin)]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
        expect(String(rejected.reason)).toMatch(/last active administrator/);
        const [{ n }] = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled`);
        expect(n).toBe(1);
        await query(db.url, `UPDATE users SET role = 'admin', disabled = false WHERE id = ANY($1)`, [[x.id, y.id]]);
      }
    });

    it("adds a user with a set-password link that works once", async () => {
      const { user, credential } = await addUser({ email: "New@Example.com", name: "New", role: "reviewer", credential: "link" }, admin);
      expect(user.email).toBe("new@example.com");
      if (credential.kind !== "link") throw new Error("expected a link");
      expect(credential.url).toMatch(/^https:\/\/verify\.example\.com\/set-password\/[A-Za-z0-9_-]{43}$/);
      expect(credential.expiresAt.getTime() - Date.now()).toBeGreaterThan(71 * 3600_000);
      const token = credential.url.split("/").pop()!;
      const [row] = await query<{ set_password_token_hash: string }>(db.url, `SELECT set_password_token_hash FROM users WHERE id = $1`, [user.id]);
      expect(row.set_password_token_hash).not.toContain(token);
      expect((await findSetPasswordToken(token))?.email).toBe("new@example.com");
      await expect(setPasswordWithToken({ token, password: "short", confirm: "short" }, null)).rejects.toThrow(/12 characters/);
      await setPasswordWithToken({ token, password: "a brand new password", confirm: "a brand new password" }, "198.51.100.1");
      expect((await signInWithPassword("new@example.com", "a brand new password")).ok).toBe(true);
      await expect(setPasswordWithToken({ token, password: "another new password", confirm: "another new password" }, null)).rejects.toThrow(/expired or was already used/);
      expect(await findSetPasswordToken(token)).toBeNull();
    });

    it("resets a password to a one-time password, and disabling blocks sign-in", async () => {
      const { user } = await addUser({ email: "op@example.com", name: "Op", role: "operator", credential: "password" }, admin);
      const r = await resetPassword({ userId: user.id, credential: "password" }, admin);
      if (r.credential.kind !== "password") throw new Error("expected a password");
      expect((await signInWithPassword("op@example.com", r.credential.password)).ok).toBe(true);
      await setDisabled({ userId: user.id, disabled: true }, admin);
      expect(await signInWithPassword("op@example.com", r.credential.password)).toEqual({ ok: false, reason: "disabled" });
    });
  });

  describe("audit log", () => {
    it("is append-only", async () => {
      await expect(query(db.url, `UPDATE audit_logs SET action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(query(db.url, `DELETE FROM audit_logs`)).rejects.toThrow(/append-only/);
    });

    it("filters by actor, action and date with keyset pages", async () => {
      const all = await listAudit({ actor: "admin@example.com" }, 3);
      expect(all.rows).toHaveLength(3);
      const next = await listAudit({ actor: "admin@example.com", cursor: all.nextCursor! }, 3);
      expect(BigInt(next.rows[0].id)).toBeLessThan(BigInt(all.rows[2].id));
      const users = await listAudit({ action: "user." }, 500);
      expect(users.rows.length).toBeGreaterThan(3);
      expect(users.rows.every((r) => r.action.startsWith("user."))).toBe(true);
      expect((await listAudit({ from: "2999-01-01" })).rows).toEqual([]);
      const today = new Date().toISOString().slice(0, 10);
      expect((await listAudit({ to: today, action: "api_key.rotate" })).rows.length).toBe(4); // "Rotate" twice, "Labels" twice
      const [{ actions }] = await query<{ actions: string[] }>(db.url, `SELECT array_agg(DISTINCT action ORDER BY action) AS actions FROM audit_logs`);
      expect(await auditActions()).toEqual(actions);
    });
  });
});
