import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, query, type TestDatabase } from "./support/db.ts";
import { closeDb, withTransaction } from "../lib/db/index.ts";
import { createIntegration } from "../lib/integrations/create-integration.ts";
import { createSession } from "../lib/sessions/create-session.ts";
import { isDomainError } from "../lib/errors.ts";
import { transitionSession } from "../lib/sessions/transition.ts";
import { verifySessionToken } from "../lib/sessions/token.ts";
import { parseCreateSession } from "../lib/validation/session.ts";
import { cliActor } from "../lib/audit/record.ts";

const kind = (process.env.TEST_DB_KIND as "server" | "pglite") ?? "server";

describe(`sessions domain on ${kind}`, () => {
  let db: TestDatabase;
  let integration: { id: string; plan: "self-serve"; rateCap: number | null };
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const created = await createIntegration({ name: "Live", environment: "live", plan: "self-serve", decisionWebhookUrl: "https://hooks.example.com/d", eventWebhookUrl: "https://hooks.example.com/e" }, cliActor);
    integration = { id: created.id, plan: "self-serve", rateCap: 3 };
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

  it("audits every create with who made it and from where (API, CLI, portal)", async () => {
    const data = parseCreateSession({ verification: { vendorData: "audited" } });
    const audited = { id: (await createIntegration({ name: "Audited creates" }, cliActor)).id, plan: "self-serve" as const, rateCap: 100 };
    const api = await createSession(audited, data, { source: "api", actorLabel: "api key 0123abcd" });
    const cli = await createSession(audited, data, { source: "cli", actorLabel: "cli" });
    const [user] = await query<{ id: string }>(db.url, `INSERT INTO users (email, name, role, password_hash) VALUES ('op@example.com', 'Op', 'operator', 'x') RETURNING id`);
    const portal = await createSession(audited, data, { source: "portal", createdById: user.id, actorLabel: "op@example.com" });
    const rows = await query<{ target_id: string; actor_id: string | null; actor_label: string; after: Record<string, unknown> }>(
      db.url,
      `SELECT target_id, actor_id, actor_label, after FROM audit_logs WHERE action = 'session.create' AND target_type = 'session' AND target_id = ANY($1) ORDER BY id`,
      [[api.id, cli.id, portal.id]],
    );
    expect(rows).toEqual([
      { target_id: api.id, actor_id: null, actor_label: "api key 0123abcd", after: { integrationId: audited.id, source: "api", vendorData: "audited" } },
      { target_id: cli.id, actor_id: null, actor_label: "cli", after: { integrationId: audited.id, source: "cli", vendorData: "audited" } },
      { target_id: portal.id, actor_id: user.id, actor_label: "op@example.com", after: { integrationId: audited.id, source: "portal", vendorData: "audited" } },
    ]);
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
    const capped = { id: fresh.id, plan: "self-serve" as const, rateCap: 7 };
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => createSession(capped, parseCreateSession({ verification: {} }))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(7);
    expect(results.filter((r) => r.status === "rejected" && isDomainError(r.reason, "rate_limited"))).toHaveLength(13);
    const [n] = await query<{ n: string }>(db.url, `SELECT count(*)::text AS n FROM verification_sessions WHERE integration_id = $1`, [fresh.id]);
    expect(n.n).toBe("7");
  });

  it("writes every field of sessions created together, and one bad row fails alone", async () => {
    const fresh = await createIntegration({ name: "Together", rateCap: 100 }, cliActor);
    const [user] = await query<{ id: string }>(db.url, `INSERT INTO users (email, name, role, password_hash) VALUES ('ops@x.test', 'Ops', 'operator', 'x') RETURNING id`);
    const body = (i: number) =>
      parseCreateSession({
        verification: {
          vendorData: `v-${i}`,
          endUserId: i === 2 ? "5f0b7a1e-8a43-4b8e-9d6a-0c1f2e3d4a5b" : undefined,
          callback: "https://example.com/done",
          lang: "et",
          person: { firstName: `Ann${i}`, lastName: "O'Brien \\ {x}" },
          document: i === 3 ? { type: "PASSPORT", country: "EE", number: "AB123456" } : undefined,
          consents: i === 4 ? [{ type: "ine", approved: true }] : undefined,
        },
      });
    const settled = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        createSession({ id: fresh.id, plan: "self-serve", rateCap: 100 }, body(i), {
          source: i === 5 ? "portal" : "api",
          // Row 1 names a user that does not exist: its insert fails on the foreign key.
          createdById: i === 1 ? "00000000-0000-4000-8000-000000000001" : i === 5 ? user.id : null,
          actorLabel: i === 5 ? "ops@x.test" : "api key 1234",
        }),
      ),
    );
    expect(settled.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    const rows = await query<Record<string, unknown>>(
      db.url,
      `SELECT v.vendor_data, v.end_user_id, v.callback_url, v.lang, v.person->>'lastName' AS last, v.person_name, v.document->>'number' AS doc,
              v.consents->0->>'type' AS consent, v.source, v.created_by_id, v.status, a.number, a.status AS attempt_status,
              e.to_status, e.actor_type, e.actor_id, e.actor_label, extract(epoch FROM v.expires_at - v.created_at)::int AS lifetime_s
         FROM verification_sessions v JOIN attempts a ON a.id = v.current_attempt_id JOIN session_events e ON e.session_id = v.id
        WHERE v.integration_id = $1 ORDER BY v.vendor_data`,
      [fresh.id],
    );
    expect(rows.map((r) => r.vendor_data)).toEqual(["v-0", "v-2", "v-3", "v-4", "v-5"]);
    expect(rows[0]).toMatchObject({ callback_url: "https://example.com/done", lang: "et", last: "O'Brien \\ {x}", person_name: "ann0 o brien x", status: "created", number: 1, attempt_status: "created", to_status: "created", actor_type: "api", actor_id: null, actor_label: "api key 1234", source: "api" });
    expect(rows[1].end_user_id).toBe("5f0b7a1e-8a43-4b8e-9d6a-0c1f2e3d4a5b");
    expect(rows[2].doc).toBe("AB123456");
    expect(rows[3].consent).toBe("ine");
    expect(rows[4]).toMatchObject({ source: "portal", created_by_id: user.id, actor_type: "user", actor_id: user.id, actor_label: "ops@x.test" });
    expect(rows.map((r) => r.lifetime_s)).toEqual(Array(5).fill(7 * 86_400));
  });

  it("grants a batch of slots in arrival order, across waves, and recovers when a batch fails", async () => {
    const fresh = await createIntegration({ name: "Batched", rateCap: 25 }, cliActor);
    const capped = { id: fresh.id, plan: "self-serve" as const, rateCap: 25 };
    const wave = (n: number) => Promise.allSettled(Array.from({ length: n }, () => createSession(capped, parseCreateSession({ verification: {} }))));
    // 10, then 10 more, then 10: the third wave straddles the cap.
    const ok = (rs: PromiseSettledResult<unknown>[]) => rs.map((r) => (r.status === "fulfilled" ? "y" : "n")).join("");
    expect(ok(await wave(10))).toBe("y".repeat(10));
    expect(ok(await wave(10))).toBe("y".repeat(10));
    expect(ok(await wave(10))).toBe("yyyyynnnnn");
    // A batch whose statement fails (no such integration) fails every create in it, and the next works.
    const ghost = { id: "00000000-0000-4000-8000-000000000000", plan: "self-serve" as const, rateCap: 5 };
    const failed = await Promise.allSettled(Array.from({ length: 4 }, () => createSession(ghost, parseCreateSession({ verification: {} }))));
    expect(failed.every((r) => r.status === "rejected" && !(isDomainError(r.reason, "rate_limited")))).toBe(true);
    await expect(createSession(ghost, parseCreateSession({ verification: {} }))).rejects.toThrow(/foreign key/);
    const other = await createIntegration({ name: "After failure" }, cliActor);
    await expect(createSession({ id: other.id, plan: "self-serve", rateCap: null }, parseCreateSession({ verification: {} }))).resolves.toMatchObject({ status: "created" });
  });
});
