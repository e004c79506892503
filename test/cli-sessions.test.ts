import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, query, type TestDatabase } from "./support/db.ts";
import { runCli } from "./support/server.ts";

describe("checkpoint sessions create / decide / expire", () => {
  let db: TestDatabase;
  let integrationId: string;
  beforeAll(async () => {
    db = await createDatabase("server");
    const r = runCli(["integration", "create", "--name", "CLI", "--environment", "live", "--json"], env());
    integrationId = JSON.parse(r.stdout).id;
  });
  afterAll(() => db.drop());
  const env = () => ({ DATABASE_URL: db.url, AUTH_SECRET: "y".repeat(40), APP_URL: "https://verify.example.com" });
  const create = () => JSON.parse(runCli(["sessions", "create", "--integration", integrationId, "--json"], env()).stdout) as { id: string; url: string };

  it("creates a session and decides it once submitted; refuses illegal decisions with one line", async () => {
    const s = create();
    expect(s.url).toMatch(/^https:\/\/verify\.example\.com\/v\/ey/);
    // Through the API's schema and create path, recorded as the CLI's own.
    const [created] = await query(db.url, `SELECT source::text AS source FROM verification_sessions WHERE id = $1`, [s.id]);
    expect(created.source).toBe("cli");
    const [event] = await query(db.url, `SELECT actor_type, actor_label FROM session_events WHERE session_id = $1 AND to_status = 'created'`, [s.id]);
    expect(event).toEqual({ actor_type: "cli", actor_label: "cli" });
    const bad = runCli(["sessions", "create", "--integration", integrationId, "--callback", "http://example.com/back"], env());
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe("checkpoint sessions create: Only HTTPS return URLs are allowed.");
    const early = runCli(["sessions", "decide", s.id, "--decision", "approved"], env());
    expect(early.status).toBe(1);
    expect(early.stderr.trim()).toBe('checkpoint sessions decide: Cannot transition to "approved" from "created".');
    await query(db.url, `UPDATE verification_sessions SET status = 'submitted' WHERE id = $1`, [s.id]);
    const noReason = runCli(["sessions", "decide", s.id, "--decision", "declined"], env());
    expect(noReason.status).toBe(1);
    expect(noReason.stderr).toMatch(/reason code/);
    const ok = runCli(["sessions", "decide", s.id, "--decision", "declined", "--reason-code", "102"], env());
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/submitted → declined \(code 9102, reason 102\)/);
    const [row] = await query(db.url, `SELECT status, decision_code, reason_code FROM verification_sessions WHERE id = $1`, [s.id]);
    expect(row).toEqual({ status: "declined", decision_code: 9102, reason_code: 102 });
    const [ev] = await query(db.url, `SELECT actor_type FROM session_events WHERE session_id = $1 AND to_status = 'declined'`, [s.id]);
    expect(ev.actor_type).toBe("cli");
    expect(runCli(["sessions", "decide", s.id, "--decision", "maybe"], env()).stderr).toMatch(/--decision must be one of/);
  });

  it("expire runs the sweeper once and prints the counts", async () => {
    const a = create();
    const b = create();
    await query(db.url, `UPDATE verification_sessions SET expires_at = now() - interval '1 minute' WHERE id = $1`, [a.id]);
    await query(db.url, `UPDATE verification_sessions SET status = 'started', expires_at = now() - interval '1 minute' WHERE id = $1`, [b.id]);
    const r = runCli(["sessions", "expire"], env());
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("Expired 1 session(s), abandoned 1.");
    expect(JSON.parse(runCli(["sessions", "expire", "--json"], env()).stdout)).toEqual({ expired: 0, abandoned: 0 });
  });
});
