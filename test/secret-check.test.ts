import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, query, type TestDatabase } from "./support/db.ts";
import { freePort, runCli, runServerExpectingFailure, startServer, type RunningServer } from "./support/server.ts";
import { call, expectFail, type Keys } from "./api/support.ts";
import { decryptSecret, encryptSecret, secretKey } from "../lib/crypto/secrets.ts";

// Real processes throughout: the server (API only) and the CLI, on one PostgreSQL database.
describe("AUTH_SECRET cannot drift (check value, undecryptable secrets, rotation)", () => {
  const A = crypto.randomBytes(32).toString("hex");
  const B = crypto.randomBytes(32).toString("hex");
  const C = crypto.randomBytes(32).toString("hex");
  let db: TestDatabase;
  let server: RunningServer | undefined;
  let keys: Keys;
  const env = (secret: string | undefined, extra: Record<string, string> = {}) => ({ DATABASE_URL: db.url, AUTH_SECRET: secret ?? "", APP_URL: "https://verify.example.com", ...extra });
  const firstLine = (s: string) => s.trim().split("\n")[0];
  const newSession = async (k: Keys, base: string) => {
    const r = await call(base, "POST", "/v1/sessions", { keys: k, body: { verification: { person: { firstName: "Sarah" } } } });
    expect(r.status, r.text).toBe(201);
    return (r.json.verification as { id: string }).id;
  };

  beforeAll(async () => {
    db = await createDatabase("server");
    server = await startServer(env(A));
    const r = runCli(["integration", "create", "--name", "Acme", "--json"], env(A));
    expect(r.status, r.stderr).toBe(0);
    keys = JSON.parse(r.stdout);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await db.drop();
  });

  it("the first start records a check value of the derived key, not the secret", async () => {
    const rows = await query<{ key_check: string }>(db.url, `SELECT key_check FROM secret_check`);
    expect(rows).toHaveLength(1);
    expect(rows[0].key_check).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rows[0].key_check).not.toContain(A);
  });

  it("the CLI refuses with one line when its AUTH_SECRET differs, or when it would fall back to ./data/auth-secret", async () => {
    const r = runCli(["integration", "create", "--name", "Drift", "--json"], env(B));
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^checkpoint integration create: AUTH_SECRET does not match the secret this database was set up with/);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cp-drift-"));
    const none = runCli(["integration", "create", "--name", "Drift", "--json"], env(undefined, { CHECKPOINT_DATA_DIR: dataDir, NODE_ENV: "development" }));
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/AUTH_SECRET is not set, so .*auth-secret was used, and it does not match/);
    expect(await query(db.url, `SELECT 1 FROM integrations WHERE name = 'Drift'`)).toEqual([]);
  });

  it("the server refuses to start with one line when its AUTH_SECRET differs", async () => {
    const r = runServerExpectingFailure({ ...env(B), PORT: String(await freePort()) });
    expect(r.status).toBe(1);
    expect(firstLine(r.stderr)).toMatch(/^Checkpoint could not start: AUTH_SECRET does not match the secret this database was set up with/);
  });

  it("a key whose secret cannot be decrypted is a clear 401 for that key alone, logged; the integration's other key works", async () => {
    const foreign = crypto.randomUUID();
    const [bad] = await query<{ id: string }>(
      db.url,
      `INSERT INTO api_keys (integration_id, label, secret_ciphertext, secret_hint) VALUES ($1, 'Foreign', $2, 'xxxx') RETURNING id::text`,
      [keys.id, encryptSecret(foreign, secretKey(B))],
    );
    const badKeys = { ...keys, apiKey: bad.id, sharedSecret: foreign };
    const r = await call(server!.url, "POST", "/v1/sessions", { keys: badKeys, body: { verification: {} } });
    expectFail(r, 401, "401");
    expect(r.json.message).toMatch(/cannot be decrypted by the server \(AUTH_SECRET changed\)/);
    expect(server!.output()).toMatch(new RegExp(`the shared secret of API key ${bad.id} of integration ${keys.id} cannot be decrypted`));
    // The integration's own key: sessions are created and signed reads answer.
    const id = await newSession(keys, server!.url);
    expect((await call(server!.url, "GET", `/v1/sessions/${id}/decision`, { keys, signature: true })).status).toBe(200);
    await query(db.url, `DELETE FROM api_keys WHERE id = $1`, [bad.id]);
  });

  it("secrets rotate re-encrypts every stored secret in one transaction; the new secret serves the old keys and the old one is refused", async () => {
    const [user] = await query<{ id: string }>(
      db.url,
      `INSERT INTO users (email, name, role, password_hash, totp_secret_ciphertext) VALUES ('t@example.com', 'T', 'admin', 'x', $1) RETURNING id::text`,
      [encryptSecret("JBSWY3DPEHPK3PXP", secretKey(A))],
    );
    await query(db.url, `UPDATE integrations SET veriff_api_key_ciphertext = $1, veriff_secret_ciphertext = $2 WHERE id = $3`, [
      encryptSecret("veriff-key", secretKey(A)),
      encryptSecret("veriff-secret", secretKey(A)),
      keys.id,
    ]);
    const before = await newSession(keys, server!.url);
    // A picture: its data key is re-wrapped, the file is not re-encrypted.
    const picture = crypto.randomBytes(3000);
    picture.set([0xff, 0xd8, 0xff, 0xe0], 0);
    const up = await call(server!.url, "POST", `/v1/sessions/${before}/media`, { keys, body: { image: { context: "face", content: picture.toString("base64") } }, signature: true });
    const mediaId = (up.json.image as { id: string }).id;
    const [{ ct: cipherBefore }] = await query<{ ct: Buffer }>(db.url, `SELECT ciphertext AS ct FROM media_blobs WHERE media_id = $1`, [mediaId]);
    await server!.stop();
    server = undefined;

    // A secret the current AUTH_SECRET cannot open: the rotation changes nothing, says which.
    const [stray] = await query<{ id: string }>(db.url, `INSERT INTO api_keys (integration_id, label, secret_ciphertext, secret_hint) VALUES ($1, 'Stray', $2, 'xxxx') RETURNING id::text`, [keys.id, encryptSecret("s", secretKey(B))]);
    const refused = runCli(["secrets", "rotate", "--new-secret", C], env(A));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`api_keys.secret_ciphertext of ${stray.id} cannot be decrypted with the current AUTH_SECRET: nothing was changed`);
    const [{ n }] = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM api_keys WHERE secret_ciphertext = (SELECT secret_ciphertext FROM api_keys WHERE id = $1)`, [keys.apiKey]);
    expect(n).toBe(1);
    expect(decryptSecret((await query<{ c: string }>(db.url, `SELECT secret_ciphertext AS c FROM api_keys WHERE id = $1`, [keys.apiKey]))[0].c, secretKey(A))).toBe(keys.sharedSecret);
    await query(db.url, `DELETE FROM api_keys WHERE id = $1`, [stray.id]);

    expect(runCli(["secrets", "rotate", "--new-secret", "short"], env(A)).stderr).toMatch(/--new-secret must be at least 32 characters/);
    const r = runCli(["secrets", "rotate", "--new-secret", C, "--json"], env(A));
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // Acme's key and the first-run "Test integration"'s.
    expect(out.total).toBe(6);
    expect(out.reencrypted).toEqual([
      { step: "api_keys.secret_ciphertext", count: 2 },
      { step: "integrations.veriff_api_key_ciphertext,veriff_secret_ciphertext", count: 2 },
      { step: "users.totp_secret_ciphertext,totp_pending_ciphertext", count: 1 },
      { step: "media_blobs.wrapped_key", count: 1 },
    ]);
    const [{ ct: cipherAfter }] = await query<{ ct: Buffer }>(db.url, `SELECT ciphertext AS ct FROM media_blobs WHERE media_id = $1`, [mediaId]);
    expect(cipherAfter.equals(cipherBefore)).toBe(true);
    const [u] = await query<{ c: string }>(db.url, `SELECT totp_secret_ciphertext AS c FROM users WHERE id = $1`, [user.id]);
    expect(decryptSecret(u.c, secretKey(C))).toBe("JBSWY3DPEHPK3PXP");
    expect(() => decryptSecret(u.c, secretKey(A))).toThrow(/cannot be decrypted/);
    const [i] = await query<{ k: string; s: string }>(db.url, `SELECT veriff_api_key_ciphertext AS k, veriff_secret_ciphertext AS s FROM integrations WHERE id = $1`, [keys.id]);
    expect([decryptSecret(i.k, secretKey(C)), decryptSecret(i.s, secretKey(C))]).toEqual(["veriff-key", "veriff-secret"]);
    expect(await query(db.url, `SELECT actor_label FROM audit_logs WHERE action = 'secrets.rotate'`)).toEqual([{ actor_label: "cli" }]);

    // The old secret is refused by the server and the CLI; the new one serves the old keys.
    const old = runServerExpectingFailure({ ...env(A), PORT: String(await freePort()) });
    expect(firstLine(old.stderr)).toMatch(/AUTH_SECRET does not match/);
    expect(runCli(["integration", "list"], env(A)).status).toBe(1);
    server = await startServer(env(C));
    expect((await call(server.url, "GET", `/v1/sessions/${before}/decision`, { keys, signature: true })).status).toBe(200);
    const file = await fetch(`${server.url}/v1/media/${mediaId}`, { headers: { "x-auth-client": keys.apiKey, "x-hmac-signature": crypto.createHmac("sha256", keys.sharedSecret).update(mediaId).digest("hex") } });
    expect(Buffer.from(await file.arrayBuffer()).equals(picture)).toBe(true);
    const after = await newSession(keys, server.url);
    expect((await call(server.url, "GET", `/v1/sessions/${after}/decision`, { keys, signature: true })).status).toBe(200);
  }, 120_000);
});
