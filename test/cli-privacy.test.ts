import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, query, type TestDatabase } from "./support/db.ts";
import { runCli } from "./support/server.ts";

describe("checkpoint retention / sessions redact / sessions export-person / media encrypt", () => {
  let db: TestDatabase;
  let integrationId: string;
  const env = () => ({ DATABASE_URL: db.url, AUTH_SECRET: "z".repeat(40), APP_URL: "https://verify.example.com" });
  beforeAll(async () => {
    db = await createDatabase("server");
    integrationId = JSON.parse(runCli(["integration", "create", "--name", "CLI privacy", "--environment", "live", "--json"], env()).stdout).id;
  });
  afterAll(() => db.drop());

  /** A decided session with one plaintext picture, as a database from before encryption holds it. */
  async function legacySession(vendorData: string, endUserId?: string) {
    const s = JSON.parse(runCli(["sessions", "create", "--integration", integrationId, "--vendor-data", vendorData, "--first-name", "Lia", "--json"], env()).stdout) as { id: string };
    if (endUserId) await query(db.url, `UPDATE verification_sessions SET end_user_id = $2 WHERE id = $1`, [s.id, endUserId]);
    const bytes = crypto.randomBytes(2048);
    bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
    await query(db.url, `INSERT INTO media (session_id, attempt_id, context, mimetype, name, size, bytes) SELECT id, current_attempt_id, 'face', 'image/jpeg', 'face.jpg', $2, $3 FROM verification_sessions WHERE id = $1`, [s.id, bytes.length, bytes]);
    await query(db.url, `UPDATE verification_sessions SET status = 'approved', decided_at = now() - interval '40 days' WHERE id = $1`, [s.id]);
    return { id: s.id, bytes };
  }

  it("sets retention from integration update, names a bad value by its flag, and runs retention", async () => {
    const bad = runCli(["integration", "update", integrationId, "--media-retention-days", "ninety"], env());
    expect(bad.status).toBe(1);
    expect(bad.stderr, bad.stderr).toMatch(/^checkpoint integration update: --media-retention-days:? must be a whole number of days from 0 to 36500/);
    const ok = runCli(["integration", "update", integrationId, "--media-retention-days", "30", "--data-retention-days", "forever", "--json"], env());
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ mediaRetentionDays: 30, dataRetentionDays: null });
    const s = await legacySession("ret-cli");
    const r = runCli(["retention", "run", "--json"], env());
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ mediaSessions: 1, mediaFiles: 1, dataSessions: 0 });
    const [row] = await query(db.url, `SELECT m.bytes, m.removed_at IS NOT NULL AS removed FROM media m WHERE m.session_id = $1`, [s.id]);
    expect(row).toEqual({ bytes: null, removed: true });
    runCli(["integration", "update", integrationId, "--media-retention-days", "forever"], env());
  });

  it("encrypts plaintext media with progress, then exports and erases one person", async () => {
    const endUserId = crypto.randomUUID();
    const a = await legacySession("cli-person", endUserId);
    const enc = runCli(["media", "encrypt", "--batch", "1"], env());
    expect(enc.status, enc.stderr).toBe(0);
    expect(enc.stdout).toMatch(/1 \/ 1 file\(s\) encrypted/);
    expect(enc.stdout).toMatch(/Encrypted 1 file\(s\); no plaintext media is left\./);
    expect(runCli(["media", "encrypt"], env()).stdout).toMatch(/nothing to encrypt/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cp-cli-export-"));
    const out = path.join(dir, "p.zip");
    const ex = runCli(["sessions", "export-person", "--end-user-id", endUserId, "--out", out], env());
    expect(ex.status, ex.stderr).toBe(0);
    expect(ex.stdout).toMatch(/1 session\(s\), 1 picture\(s\)/);
    const files = execFileSync("unzip", ["-Z1", out]).toString().trim().split("\n");
    expect(execFileSync("unzip", ["-p", out, files.find((f) => f.startsWith("media/"))!]).equals(a.bytes)).toBe(true);
    fs.rmSync(dir, { recursive: true });

    expect(runCli(["sessions", "redact"], env()).stderr).toMatch(/exactly one of vendorData, endUserId or a session id/);
    const red = runCli(["sessions", "redact", "--vendor-data", "cli-person", "--json"], env());
    expect(red.status, red.stderr).toBe(0);
    expect(JSON.parse(red.stdout)).toMatchObject({ reason: "erasure", by: "cli", matchedBy: "vendorData", totals: { sessions: 1, media: 1 } });
    const again = runCli(["sessions", "redact", "--vendor-data", "cli-person"], env());
    expect(again.status).toBe(1);
    expect(again.stderr.trim()).toBe("checkpoint sessions redact: No session has this vendorData.");
  });
});
