import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query, setEnv, useDatabase } from "../support/db.ts";
import { apiWorld, call, expectFail, openApiValidator, sign, type ApiWorld, type Keys } from "./support.ts";

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

describe("the /v1 session API over HTTP (PostgreSQL server)", () => {
  let w: ApiWorld;
  let base: string;
  let keys: Keys;
  let other: Keys;
  let oa: Awaited<ReturnType<typeof openApiValidator>>;
  const create = (body: unknown = { verification: {} }, k: Keys | null = keys, headers?: Record<string, string>) => call(base, "POST", "/v1/sessions", { keys: k, body, headers });
  const newSession = async (k: Keys = keys) => {
    const r = await create({ verification: { vendorData: "v-1", person: { firstName: "Sarah", lastName: "Morgan", dateOfBirth: "1967-03-30" } } }, k);
    expect(r.status).toBe(201);
    return r.json.verification!.id as string;
  };

  beforeAll(async () => {
    w = await apiWorld("server");
    base = w.server.url;
    keys = w.integration(["--decision-webhook", "https://hooks.example.com/d", "--event-webhook", "https://hooks.example.com/e", "--rate-cap", "10000"]);
    other = w.integration();
    oa = await openApiValidator(base);
    useDatabase(w.db);
    setEnv({ AUTH_SECRET: w.env.AUTH_SECRET });
  });
  afterAll(async () => {
    const { closeDb } = await import("../../lib/db/index.ts");
    await closeDb();
    await w?.stop();
  });

  describe("POST /v1/sessions", () => {
    it("creates a session: 201 with Veriff's shape, vendorData and endUserId null when not given", async () => {
      const r = await create({ verification: {} });
      expect(r.status).toBe(201);
      oa.check("CreateSessionResponse", r.json);
      const v = r.json.verification!;
      expect(v).toMatchObject({ status: "created", vendorData: null, endUserId: null, host: "https://verify.example.com" });
      expect(v.url).toBe(`https://verify.example.com/v/${v.sessionToken}`);
      const [row] = await query(w.db.url, `SELECT source, integration_id FROM verification_sessions WHERE id = $1`, [v.id]);
      expect(row).toEqual({ source: "api", integration_id: keys.id });
    });

    it("accepts every documented field, ignores unknown ones, and marks browser SDK sessions", async () => {
      const endUserId = "6f6f2b8e-0b7e-4d59-9c59-4f7b1d3d2a10";
      const r = await create(
        {
          verification: {
            callback: "https://example.com/done",
            person: { firstName: "Sarah", lastName: "Morgan", idNumber: "123", gender: "F", dateOfBirth: "1967-03-30", nationality: "GB", email: "s@example.com", phoneNumber: "+44 20", shoeSize: 38 },
            document: { number: "AB123456", type: "PASSPORT", country: "GB" },
            address: { fullAddress: "1 High St, London" },
            vendorData: "customer-42",
            endUserId,
            consents: [{ type: "ine", approved: true }],
            timestamp: new Date().toISOString(),
            lang: "en",
            somethingNew: { x: 1 },
          },
          alsoUnknown: true,
        },
        keys,
        { "x-origin": "js-sdk" },
      );
      expect(r.status, r.text).toBe(201);
      expect(r.json.verification).toMatchObject({ vendorData: "customer-42", endUserId });
      expect(r.headers.get("access-control-allow-origin")).toBe("*");
      const [row] = await query(w.db.url, `SELECT source, person_name FROM verification_sessions WHERE id = $1`, [r.json.verification!.id]);
      expect(row).toEqual({ source: "sdk", person_name: "sarah morgan" });
    });

    it("answers malformed JSON (Veriff's own sample has a stray brace) with 400, not 500", async () => {
      const r = await create('{"verification":{"callback":"https://veriff.com","person":{"firstName":"John"}}}}');
      expectFail(r, 400, "1104");
      expect(r.json.message).toMatch(/not valid JSON/);
      oa.check("Fail", r.json);
    });

    it.each([
      ["missing verification", {}, "1102"],
      ["verification not an object", { verification: "x" }, "1104"],
      ["timestamp older than an hour", { verification: { timestamp: new Date(Date.now() - 2 * 3600_000).toISOString() } }, "1201"],
      ["timestamp badly formatted", { verification: { timestamp: "yesterday" } }, "1202"],
      ["date of birth not YYYY-MM-DD", { verification: { person: { dateOfBirth: "30.03.1967" } } }, "1203"],
      ["unsupported features", { verification: { features: ["video"] } }, "1301"],
      ["plain-http callback", { verification: { callback: "http://example.com/done" } }, "1302"],
      ["vendorData over 1000", { verification: { vendorData: "x".repeat(1001) } }, "1500"],
      ["vendorData not a string", { verification: { vendorData: 42 } }, "1501"],
      ["document number length", { verification: { document: { number: "AB12" } } }, "2101"],
      ["document number characters", { verification: { document: { number: "AB-12345" } } }, "2102"],
      ["document type", { verification: { document: { type: "LIBRARY_CARD" } } }, "2103"],
      ["document country", { verification: { document: { country: "XX" } } }, "2104"],
      ["endUserId not a UUID", { verification: { endUserId: "nope" } }, "1104"],
    ])("refuses %s with code %s", async (_name, body, code) => {
      const r = await create(body);
      expectFail(r, 400, code);
    });

    it("allows http callbacks on loopback for development", async () => {
      expect((await create({ verification: { callback: "http://localhost:3000/done" } })).status).toBe(201);
      expect((await create({ verification: { callback: "http://127.0.0.1/done" } })).status).toBe(201);
    });

    it("refuses bad API keys with 1801-1804", async () => {
      expectFail(await create(undefined, null), 401, "1801");
      expectFail(await call(base, "POST", "/v1/sessions", { body: { verification: {} }, headers: { "x-auth-client": "not-a-uuid" } }), 401, "1802");
      expectFail(await call(base, "POST", "/v1/sessions", { body: { verification: {} }, headers: { "x-auth-client": "7d1e2c1a-1111-4222-8333-944455556666" } }), 401, "1803");
      const inactive = w.integration();
      await query(w.db.url, `UPDATE integrations SET active = false WHERE id = $1`, [inactive.id]);
      expectFail(await create({ verification: {} }, inactive), 401, "1804");
    });

    it("vrf-integration-id selects the key's integration and refuses another one", async () => {
      expect((await create({ verification: {} }, keys, { "vrf-integration-id": keys.id })).status).toBe(201);
      expectFail(await create({ verification: {} }, keys, { "vrf-integration-id": other.id }), 401, "1803");
    });

    it("a revoked key stops working within the cache TTL (5 s)", async () => {
      const k = w.integration();
      expect((await create({ verification: {} }, k)).status).toBe(201);
      await query(w.db.url, `UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [k.apiKey]);
      const start = Date.now();
      let r = await create({ verification: {} }, k);
      while (r.status === 201 && Date.now() - start < 8000) {
        await new Promise((res) => setTimeout(res, 250));
        r = await create({ verification: {} }, k);
      }
      expectFail(r, 401, "1803");
      expect(Date.now() - start).toBeLessThan(6500);
    });

    it("records last_used_at", async () => {
      const k = w.integration();
      await create({ verification: {} }, k);
      await new Promise((res) => setTimeout(res, 300));
      const [row] = await query<{ last_used_at: Date | null }>(w.db.url, `SELECT last_used_at FROM api_keys WHERE id = $1`, [k.apiKey]);
      expect(row.last_used_at).not.toBeNull();
    });

    it("refuses bodies over 64 KB with 413 before parsing", async () => {
      const r = await create({ verification: { vendorData: "x".repeat(70 * 1024) } });
      expectFail(r, 413, "413");
      // Also when the size is not declared up front (chunked).
      const stream = new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode('{"verification":{"vendorData":"' + "y".repeat(80 * 1024)));
          c.enqueue(new TextEncoder().encode('"}}'));
          c.close();
        },
      });
      const res = await fetch(`${base}/v1/sessions`, { method: "POST", headers: { "content-type": "application/json", "x-auth-client": keys.apiKey }, body: stream, duplex: "half" } as RequestInit);
      expect(res.status).toBe(413);
      expect((await res.json()).code).toBe("413");
    });

    it("answers the CORS preflight for the browser SDK on /v1/sessions only", async () => {
      const pre = await fetch(`${base}/v1/sessions`, {
        method: "OPTIONS",
        headers: { origin: "https://shop.example.com", "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-auth-client,x-origin,vrf-integration-id" },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get("access-control-allow-origin")).toBe("*");
      expect(pre.headers.get("access-control-allow-methods")).toContain("POST");
      for (const h of ["content-type", "x-auth-client", "x-origin", "vrf-integration-id"]) expect(pre.headers.get("access-control-allow-headers")).toContain(h);
      const elsewhere = await fetch(`${base}/v1/sessions/${crypto.randomUUID()}/decision`, { method: "OPTIONS", headers: { origin: "https://shop.example.com", "access-control-request-method": "GET" } });
      expect(elsewhere.headers.get("access-control-allow-origin")).toBeNull();
      // Failures on /v1/sessions stay readable by the browser.
      expect((await create(undefined, null)).headers.get("access-control-allow-origin")).toBe("*");
    });
  });

  describe("Idempotency-Key", () => {
    it("returns the first response again for the same key and body, and 422 for another body", async () => {
      const body = { verification: { vendorData: "idem-1" } };
      const h = { "idempotency-key": "order-1001" };
      const a = await create(body, keys, h);
      const b = await create(body, keys, h);
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(b.json).toEqual(a.json);
      expect(b.headers.get("idempotent-replayed")).toBe("true");
      expectFail(await create({ verification: { vendorData: "idem-2" } }, keys, h), 422, "422");
      const [n] = await query<{ n: number }>(w.db.url, `SELECT count(*)::int AS n FROM verification_sessions WHERE vendor_data = 'idem-1'`);
      expect(n.n).toBe(1);
    });

    it("two identical requests at once create one session", async () => {
      const body = { verification: { vendorData: "idem-race" } };
      const rs = await Promise.all(Array.from({ length: 8 }, () => create(body, keys, { "idempotency-key": "race-1" })));
      expect(rs.map((r) => r.status)).toEqual(Array(8).fill(201));
      expect(new Set(rs.map((r) => r.json.verification!.id)).size).toBe(1);
      const [n] = await query<{ n: number }>(w.db.url, `SELECT count(*)::int AS n FROM verification_sessions WHERE vendor_data = 'idem-race'`);
      expect(n.n).toBe(1);
    });

    it("keys past 24 hours and old rate windows are pruned by a restarted process's first request", async () => {
      await query(w.db.url, `INSERT INTO idempotency_keys (integration_id, key, request_hash, created_at) VALUES ($1, 'ancient', 'x', now() - interval '3 days')`, [keys.id]);
      await query(w.db.url, `INSERT INTO rate_windows (integration_id, bucket, window_start, count) VALUES ($1, 'create', now() - interval '3 days', 5)`, [keys.id]);
      const { startServer } = await import("../support/server.ts");
      const fresh = await startServer(w.env);
      try {
        await call(fresh.url, "GET", "/v1/openapi.json");
        await expect.poll(async () => (await query(w.db.url, `SELECT 1 FROM idempotency_keys WHERE key = 'ancient'`)).length).toBe(0);
        await expect.poll(async () => (await query(w.db.url, `SELECT 1 FROM rate_windows WHERE window_start < now() - interval '2 days'`)).length).toBe(0);
      } finally {
        await fresh.stop();
      }
    });

    it("a key older than 24 hours is free again", async () => {
      const h = { "idempotency-key": "old-1" };
      const first = await create({ verification: { vendorData: "old-a" } }, keys, h);
      await query(w.db.url, `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old-1'`);
      const again = await create({ verification: { vendorData: "old-b" } }, keys, h);
      expect(again.status).toBe(201);
      expect(again.json.verification!.id).not.toBe(first.json.verification!.id);
    });

    it("keys are per integration, and validation failures are replayed too", async () => {
      const h = { "idempotency-key": "shared-name" };
      const mine = await create({ verification: {} }, keys, h);
      const theirs = await create({ verification: {} }, other, h);
      expect(mine.json.verification!.id).not.toBe(theirs.json.verification!.id);
      const bad = await create({ verification: { vendorData: 7 } }, keys, { "idempotency-key": "bad-1" });
      expectFail(bad, 400, "1501");
      expect((await create({ verification: { vendorData: 7 } }, keys, { "idempotency-key": "bad-1" })).json).toEqual(bad.json);
    });
  });

  describe("signatures", () => {
    it("accepts the right signature (upper-case hex too) and refuses wrong, malformed and other integrations' ones", async () => {
      const id = await newSession();
      const path = `/v1/sessions/${id}/decision`;
      expect((await call(base, "GET", path, { keys, signature: true })).status).toBe(200);
      expectFail(await call(base, "GET", path, { keys }), 401, "1812");
      expectFail(await call(base, "GET", path, { keys, signature: "abc" }), 401, "1812");
      // Upper-case hex is the same signature (test/api/signatures.test.ts covers the legacy X-SIGNATURE).
      expect((await call(base, "GET", path, { keys, signature: sign(keys.sharedSecret, id).toUpperCase() })).status).toBe(200);
      expectFail(await call(base, "GET", path, { keys, signature: sign(keys.sharedSecret, id + "x") }), 401, "1818");
      expectFail(await call(base, "GET", path, { keys, signature: sign(other.sharedSecret, id) }), 401, "1818");
      const body = { verification: { status: "submitted" } };
      expectFail(await call(base, "PATCH", `/v1/sessions/${id}`, { keys, body, signature: sign(keys.sharedSecret, JSON.stringify(body) + " ") }), 401, "1819");
      expectFail(await call(base, "PATCH", `/v1/sessions/${id}`, { keys, body, signature: sign(other.sharedSecret, JSON.stringify(body)) }), 401, "1819");
    });

    it("accepts the other key's secret while a key is being rotated", async () => {
      const k = w.integration();
      const { encryptSecret } = await import("../../lib/crypto/secrets.ts");
      const newSecret = crypto.randomUUID();
      await query(w.db.url, `INSERT INTO api_keys (integration_id, label, secret_ciphertext, secret_hint) VALUES ($1, 'Rotated', $2, $3)`, [k.id, encryptSecret(newSecret), newSecret.slice(-4)]);
      await query(w.db.url, `UPDATE api_keys SET revoked_at = now() + interval '1 hour' WHERE id = $1`, [k.apiKey]);
      const id = await newSession(k);
      expect((await call(base, "GET", `/v1/sessions/${id}/decision`, { keys: k, signature: sign(newSecret, id) })).status).toBe(200);
      expect((await call(base, "GET", `/v1/sessions/${id}/decision`, { keys: k, signature: true })).status).toBe(200);
    });
  });

  describe("scoping", () => {
    it("another integration's session is a 404 that reveals nothing, on every endpoint", async () => {
      const id = await newSession();
      for (const sub of ["decision", "attempts", "media", "person"]) {
        const r = await call(base, "GET", `/v1/sessions/${id}/${sub}`, { keys: other, signature: true });
        expectFail(r, 404, "404");
        expect(r.text).not.toContain("Sarah");
      }
      const patch = { verification: { status: "submitted" } };
      expectFail(await call(base, "PATCH", `/v1/sessions/${id}`, { keys: other, body: patch, signature: true }), 404, "404");
      expectFail(await call(base, "DELETE", `/v1/sessions/${id}`, { keys: other, signature: true }), 404, "404");
      expectFail(await call(base, "POST", `/v1/sessions/${id}/media`, { keys: other, body: { image: { context: "face", content: PNG } }, signature: true }), 404, "404");
      const up = await call(base, "POST", `/v1/sessions/${id}/media`, { keys, body: { image: { context: "face", content: PNG } }, signature: true });
      const mediaId = up.json.image && (up.json.image as { id: string }).id;
      expectFail(await call(base, "GET", `/v1/media/${mediaId}`, { keys: other, signature: true }), 404, "404");
      const [{ current_attempt_id }] = await query<{ current_attempt_id: string }>(w.db.url, `SELECT current_attempt_id FROM verification_sessions WHERE id = $1`, [id]);
      expectFail(await call(base, "GET", `/v1/attempts/${current_attempt_id}/media`, { keys: other, signature: true }), 404, "404");
      expectFail(await call(base, "GET", `/v1/sessions/not-a-uuid/decision`, { keys, signature: true }), 404, "404");
    });
  });

  describe("reading a session", () => {
    it("decision is null until decided, then the decision object", async () => {
      const id = await newSession();
      const before = await call(base, "GET", `/v1/sessions/${id}/decision`, { keys, signature: true });
      expect(before.json).toMatchObject({ status: "success", verification: null });
      oa.check("DecisionResponse", before.json);
      await call(base, "PATCH", `/v1/sessions/${id}`, { keys, body: { verification: { status: "submitted" } }, signature: true });
      const { decideSession } = await import("../../lib/sessions/decide-session.ts");
      await decideSession({ sessionId: id, decision: "approved", actor: { type: "cli", label: "test" } });
      const after = await call(base, "GET", `/v1/sessions/${id}/decision`, { keys, signature: true });
      oa.check("DecisionResponse", after.json);
      expect(after.json.verification).toMatchObject({ id, code: 9001, status: "approved", vendorData: "v-1", person: { firstName: "Sarah", dateOfBirth: "1967-03-30" } });
    });

    it("attempts and person", async () => {
      const id = await newSession();
      const a = await call(base, "GET", `/v1/sessions/${id}/attempts`, { keys, signature: true });
      oa.check("AttemptsResponse", a.json);
      expect((a.json.verifications as unknown[]).length).toBe(1);
      const p = await call(base, "GET", `/v1/sessions/${id}/person`, { keys, signature: true });
      oa.check("PersonResponse", p.json);
      expect(p.json.person).toMatchObject({ id, firstName: "Sarah", lastName: "Morgan", dateOfBirth: "1967-03-30" });
    });
  });

  describe("media", () => {
    it("uploads base64 and data-URI images, lists them, serves the bytes, and refuses after submit (409)", async () => {
      const id = await newSession();
      const up = await call(base, "POST", `/v1/sessions/${id}/media`, { keys, body: { image: { context: "document-front", content: PNG, timestamp: new Date().toISOString() } }, signature: true });
      expect(up.status, up.text).toBe(201);
      oa.check("UploadMediaResponse", up.json);
      const image = up.json.image as { id: string; url: string; mimetype: string; sessionId: string };
      expect(image).toMatchObject({ mimetype: "image/png", sessionId: id, url: `https://verify.example.com/v1/media/${image.id}` });
      const up2 = await call(base, "POST", `/v1/sessions/${id}/media`, { keys, body: { image: { context: "face", content: `data:image/png;base64,${PNG}` } }, signature: true });
      expect(up2.status).toBe(201);

      const list = await call(base, "GET", `/v1/sessions/${id}/media`, { keys, signature: true });
      oa.check("MediaListResponse", list.json);
      expect((list.json.images as { context: string }[]).map((i) => i.context)).toEqual(["document-front", "face"]);
      const [{ current_attempt_id }] = await query<{ current_attempt_id: string }>(w.db.url, `SELECT current_attempt_id FROM verification_sessions WHERE id = $1`, [id]);
      const byAttempt = await call(base, "GET", `/v1/attempts/${current_attempt_id}/media`, { keys, signature: true });
      oa.check("MediaListResponse", byAttempt.json);
      expect((byAttempt.json.images as unknown[]).length).toBe(2);

      const file = await fetch(`${base}/v1/media/${image.id}`, { headers: { "x-auth-client": keys.apiKey, "x-hmac-signature": sign(keys.sharedSecret, image.id) } });
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe("image/png");
      expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(PNG, "base64"))).toBe(true);
      expectFail(await call(base, "GET", `/v1/media/${image.id}`, { keys, signature: sign(keys.sharedSecret, id) }), 401, "1818");

      const sub = await call(base, "PATCH", `/v1/sessions/${id}`, { keys, body: { verification: { status: "submitted", timestamp: new Date().toISOString() } }, signature: true });
      expect(sub.status).toBe(200);
      oa.check("PatchSessionResponse", sub.json);
      expect(sub.json.verification).toMatchObject({ id, status: "submitted" });
      expectFail(await call(base, "POST", `/v1/sessions/${id}/media`, { keys, body: { image: { context: "face", content: PNG } }, signature: true }), 409, "409");
    });

    it.each([
      ["no image data", { image: { context: "face", content: "" } }, "1400"],
      ["bad base64", { image: { context: "face", content: "%%%not base64%%%" } }, "1401"],
      ["unsupported context", { image: { context: "selfie-with-cat", content: PNG } }, "1402"],
      ["missing image", { picture: {} }, "1403"],
    ])("refuses %s with %s", async (_n, body, code) => {
      const id = await newSession();
      expectFail(await call(base, "POST", `/v1/sessions/${id}/media`, { keys, body, signature: true }), 400, code);
    });

    it("takes bodies up to 30 MB and refuses larger ones with 413", async () => {
      const id = await newSession();
      const big = "A".repeat(31 * 1024 * 1024);
      const r = await call(base, "POST", `/v1/sessions/${id}/media`, { keys, body: `{"image":{"context":"face","content":"${big}"}}`, signature: "0".repeat(64) });
      expectFail(r, 413, "413");
    });
  });

  describe("PATCH and DELETE", () => {
    it("PATCH accepts only submitted (1102, 1303) and only where the state machine allows (1304)", async () => {
      const id = await newSession();
      const patch = (body: unknown) => call(base, "PATCH", `/v1/sessions/${id}`, { keys, body, signature: true });
      expectFail(await patch({ verification: {} }), 400, "1102");
      expectFail(await patch({ verification: { status: "approved" } }), 400, "1303");
      expectFail(await patch("{oops"), 400, "1104");
      expect((await patch({ verification: { status: "submitted" } })).status).toBe(200);
      expectFail(await patch({ verification: { status: "submitted" } }), 400, "1304");
    });

    it("DELETE ends an open session as expired (webhook kept in the outbox), refuses in-progress ones (1306), and caps 5 per hour", async () => {
      const k = w.integration(["--decision-webhook", "https://hooks.example.com/d"]);
      const del = (id: string) => call(base, "DELETE", `/v1/sessions/${id}`, { keys: k, signature: true });
      const open = await newSession(k);
      const r = await del(open);
      expect(r.status).toBe(200);
      oa.check("DeleteSessionResponse", r.json);
      expect(r.json).toEqual({ status: "success", verification: { id: open } });
      expect(await query(w.db.url, `SELECT id FROM verification_sessions WHERE id = $1`, [open])).toEqual([]);
      const hooks = await query<{ kind: string; body: string; session_id: string | null }>(w.db.url, `SELECT kind, body, session_id FROM webhook_deliveries WHERE integration_id = $1`, [k.id]);
      expect(hooks).toHaveLength(1);
      expect(hooks[0].session_id).toBeNull();
      expect(JSON.parse(hooks[0].body).verification).toMatchObject({ id: open, status: "expired", code: 9104 });
      expectFail(await del(open), 404, "404");

      const submitted = await newSession(k);
      await call(base, "PATCH", `/v1/sessions/${submitted}`, { keys: k, body: { verification: { status: "submitted" } }, signature: true });
      expectFail(await del(submitted), 400, "1306");

      const ids = await Promise.all(Array.from({ length: 6 }, () => newSession(k)));
      const results = [];
      for (const id of ids) results.push(await del(id));
      expect(results.map((x) => x.status)).toEqual([200, 200, 200, 200, 429, 429]);
      expectFail(results[4], 429, "429");
      expect(Number(results[4].headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await query(w.db.url, `SELECT id FROM verification_sessions WHERE id = $1`, [ids[4]])).toHaveLength(1);
    });
  });

  describe("the contract", () => {
    it("publishes an OpenAPI 3.1 document with every endpoint", async () => {
      expect(oa.doc.openapi).toBe("3.1.0");
      for (const p of ["/v1/sessions", "/v1/sessions/{id}", "/v1/sessions/{id}/decision", "/v1/sessions/{id}/attempts", "/v1/sessions/{id}/media", "/v1/sessions/{id}/person", "/v1/attempts/{id}/media", "/v1/media/{id}"]) {
        expect(oa.doc.paths[p], p).toBeDefined();
      }
    });

    it("serves a readable page of the document at /v1/docs", async () => {
      const res = await fetch(`${base}/v1/docs`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
      const html = await res.text();
      expect(html).toContain("/v1/sessions/{id}/decision");
      expect(html).toContain('id="schema-CreateSessionResponse"');
    });

    it("unknown paths and methods are fail bodies too", async () => {
      expectFail(await call(base, "GET", "/v1/nothing-here"), 404, "404");
      const r = await call(base, "PUT", `/v1/sessions/${crypto.randomUUID()}`, { keys });
      expectFail(r, 405, "405");
      expect(r.headers.get("allow")).toContain("PATCH");
    });
  });
});
