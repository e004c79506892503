import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, useDatabase, query, type TestDatabase } from "./support/db.ts";
import { closeDb, withTransaction } from "../lib/db/index.ts";
import { createIntegration } from "../lib/integrations/create-integration.ts";
import { createSession, RateLimitedError } from "../lib/sessions/create-session.ts";
import { transitionSession } from "../lib/sessions/transition.ts";
import { verifySessionToken } from "../lib/sessions/token.ts";
import { parseCreateSession } from "../lib/validation/session.ts";
import { cliActor } from "../lib/audit/record.ts";

const kind = (process.env.TEST_DB_KIND as "server" | "pglite") ?? "server";

describe(`sessions domain on ${kind}`, () => {
  let db: TestDatabase;
  let integration: { id: string; plan: "self_serve"; rateCap: number | null };
  beforeAll(async () => {
    db = await createDatabase(kind);
    useDatabase(db);
    process.env.APP_URL = "https://verify.example.com";
    const created = await createIntegration({ name: "Live", environment: "live", plan: "self-serve", decisionWebhookUrl: "https://hooks.example.com/d", eventWebhookUrl: "https://hooks.example.com/e" }, cliActor);
    integration = { id: created.id, plan: "self_serve", rateCap: 3 };
  });
  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("creates a session with a signed token, its first attempt and a created event", async () => {
    const data = parseCreateSession({ verification: { vendorData: "v-1", person: { firstName: "Sarah", lastName: "Morgan" } } });
    const s = await createSession(integration, data, { source: "api" });
    expect(s.url).toBe(`https://verify.example.com/v/${s.sessionToken}`);
    expect(s.host).toBe("https://verify.example.com");
    expect((await verifySessionToken(s.sessionToken))?.sessionId).toBe(s.id);
    const [row] = await query(db.url, `SELECT status, vendor_data, person_name, attempt_count FROM verification_sessions WHERE id = $1`, [s.id]);
    expect(row).toEqual({ status: "created", vendor_data: "v-1", person_name: "sarah morgan", attempt_count: 1 });
  });

  it("walks the state machine, records events and writes webhooks to the outbox", async () => {
    const s = await createSession(integration, parseCreateSession({ verification: {} }), { source: "api" });
    const actor = { type: "end_user" as const };
    await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "started", actor }));
    await expect(withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "approved", actor }))).rejects.toThrow(/Cannot transition to "approved" from "started"/);
    await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "submitted", actor }));
    await expect(withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "declined", actor: { type: "cli" } }))).rejects.toThrow(/reason code/);
    const d = await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "declined", reasonCode: 102, actor: { type: "cli", label: "cli" } }));
    expect(d).toMatchObject({ from: "submitted", to: "declined", code: 9102, reasonCode: 102 });
    const events = await query<{ to_status: string; code: number | null }>(db.url, `SELECT to_status, code FROM session_events WHERE session_id = $1 ORDER BY id`, [s.id]);
    expect(events.map((e) => [e.to_status, e.code])).toEqual([["created", null], ["started", 7001], ["submitted", 7002], ["declined", 9102]]);
    const hooks = await query<{ kind: string; body: string }>(db.url, `SELECT kind, body FROM webhook_deliveries WHERE session_id = $1 ORDER BY created_at`, [s.id]);
    expect(hooks.map((h) => h.kind)).toEqual(["event", "event", "decision"]);
    const decision = JSON.parse(hooks[2].body);
    expect(decision).toMatchObject({ status: "success", verification: { id: s.id, code: 9102, status: "declined", reasonCode: 102, reason: "Suspected document tampering" } });
  });

  it("scopes by integration: another integration's id does not find the session", async () => {
    const s = await createSession(integration, parseCreateSession({ verification: {} }), { source: "api" });
    const other = await createIntegration({ name: "Other" }, cliActor);
    await expect(withTransaction((c) => transitionSession(c, { sessionId: s.id, integrationId: other.id, to: "started", actor: { type: "api" } }))).rejects.toThrow(/not found/);
  });

  it("stops at exactly the rate cap under concurrency", async () => {
    const fresh = await createIntegration({ name: "Capped", rateCap: 7 }, cliActor);
    const capped = { id: fresh.id, plan: "self_serve" as const, rateCap: 7 };
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => createSession(capped, parseCreateSession({ verification: {} }))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(7);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof RateLimitedError)).toHaveLength(13);
    const [n] = await query<{ n: string }>(db.url, `SELECT count(*)::text AS n FROM verification_sessions WHERE integration_id = $1`, [fresh.id]);
    expect(n.n).toBe("7");
  });

  it("grants a batch of slots in arrival order, across waves, and recovers when a batch fails", async () => {
    const fresh = await createIntegration({ name: "Batched", rateCap: 25 }, cliActor);
    const capped = { id: fresh.id, plan: "self_serve" as const, rateCap: 25 };
    const wave = (n: number) => Promise.allSettled(Array.from({ length: n }, () => createSession(capped, parseCreateSession({ verification: {} }))));
    // 10, then 10 more, then 10: the third wave straddles the cap.
    const ok = (rs: PromiseSettledResult<unknown>[]) => rs.map((r) => (r.status === "fulfilled" ? "y" : "n")).join("");
    expect(ok(await wave(10))).toBe("y".repeat(10));
    expect(ok(await wave(10))).toBe("y".repeat(10));
    expect(ok(await wave(10))).toBe("yyyyynnnnn");
    // A batch whose statement fails (no such integration) fails every create in it, and the next works.
    const ghost = { id: "00000000-0000-4000-8000-000000000000", plan: "self_serve" as const, rateCap: 5 };
    const failed = await Promise.allSettled(Array.from({ length: 4 }, () => createSession(ghost, parseCreateSession({ verification: {} }))));
    expect(failed.every((r) => r.status === "rejected" && !(r.reason instanceof RateLimitedError))).toBe(true);
    await expect(createSession(ghost, parseCreateSession({ verification: {} }))).rejects.toThrow(/foreign key/);
    const other = await createIntegration({ name: "After failure" }, cliActor);
    await expect(createSession({ id: other.id, plan: "self_serve", rateCap: null }, parseCreateSession({ verification: {} }))).resolves.toMatchObject({ status: "created" });
  });
});
