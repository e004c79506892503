import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver } from "../support/receiver.ts";
import { runCli } from "../support/server.ts";
import { apiWorld, call, expectFail, openApiValidator, sign, type ApiWorld, type Keys } from "./support.ts";

// Veriff's other signing rules on /v1 (shared/veriff-api.md §1.2): the legacy X-SIGNATURE,
// sha256(payload + shared secret), and X-HMAC-SIGNATURE in upper-case hex.
const legacy = (secret: string, payload: string) => crypto.createHash("sha256").update(payload + secret).digest("hex");
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

describe("request signatures on /v1 over HTTP", () => {
  let w: ApiWorld;
  let keys: Keys;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const newSession = async () => {
    const r = await call(w.server.url, "POST", "/v1/sessions", { keys, body: { verification: { vendorData: "sig" } } });
    expect(r.status).toBe(201);
    return r.json.verification!.id as string;
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    w = await apiWorld("server");
    keys = w.integration(["--decision-webhook", `${receiver.url}/d`, "--rate-cap", "1000"]);
    await openApiValidator(w.server.url);
  });
  afterAll(async () => {
    await w?.stop();
    await receiver?.close();
  });

  it("GET with only the legacy X-SIGNATURE over the id is accepted; a mismatch is 1813", async () => {
    const id = await newSession();
    const path = `/v1/sessions/${id}/decision`;
    const ok = await call(w.server.url, "GET", path, { keys, headers: { "x-signature": legacy(keys.sharedSecret, id) } });
    expect(ok.status, ok.text).toBe(200);
    expectFail(await call(w.server.url, "GET", path, { keys, headers: { "x-signature": legacy(keys.sharedSecret, id + "x") } }), 401, "1813");
    // The HMAC in the legacy header is not the legacy signature.
    expectFail(await call(w.server.url, "GET", path, { keys, headers: { "x-signature": sign(keys.sharedSecret, id) } }), 401, "1813");
    expectFail(await call(w.server.url, "GET", path, { keys, headers: { "x-signature": "zz" } }), 401, "1812");
  });

  it("POST media and PATCH with only X-SIGNATURE over the body are accepted; a mismatch is 1814", async () => {
    const id = await newSession();
    const media = JSON.stringify({ image: { context: "face", content: PNG } });
    const up = await call(w.server.url, "POST", `/v1/sessions/${id}/media`, { keys, body: media, headers: { "x-signature": legacy(keys.sharedSecret, media) } });
    expect(up.status, up.text).toBe(201);
    const patch = JSON.stringify({ verification: { status: "submitted" } });
    expectFail(await call(w.server.url, "PATCH", `/v1/sessions/${id}`, { keys, body: patch, headers: { "x-signature": legacy(keys.sharedSecret, patch + " ") } }), 401, "1814");
    const ok = await call(w.server.url, "PATCH", `/v1/sessions/${id}`, { keys, body: patch, headers: { "x-signature": legacy(keys.sharedSecret, patch) } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.verification).toMatchObject({ status: "submitted" });
  });

  it("DELETE with only X-SIGNATURE over the id is accepted", async () => {
    const id = await newSession();
    const r = await call(w.server.url, "DELETE", `/v1/sessions/${id}`, { keys, headers: { "x-signature": legacy(keys.sharedSecret, id) } });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toEqual({ status: "success", verification: { id } });
  });

  it("X-HMAC-SIGNATURE in upper-case hex is the same signature, over the id and over the body", async () => {
    const id = await newSession();
    const up = sign(keys.sharedSecret, id).toUpperCase();
    expect((await call(w.server.url, "GET", `/v1/sessions/${id}/attempts`, { keys, signature: up })).status).toBe(200);
    const media = JSON.stringify({ image: { context: "document-front", content: PNG } });
    const r = await call(w.server.url, "POST", `/v1/sessions/${id}/media`, { keys, body: media, signature: sign(keys.sharedSecret, media).toUpperCase() });
    expect(r.status, r.text).toBe(201);
    expectFail(await call(w.server.url, "GET", `/v1/sessions/${id}/attempts`, { keys, signature: sign(keys.sharedSecret, id + "x").toUpperCase() }), 401, "1818");
  });

  it("when both are sent, X-HMAC-SIGNATURE decides", async () => {
    const id = await newSession();
    const path = `/v1/sessions/${id}/person`;
    expectFail(await call(w.server.url, "GET", path, { keys, signature: sign("wrong", id), headers: { "x-signature": legacy(keys.sharedSecret, id) } }), 401, "1818");
    expect((await call(w.server.url, "GET", path, { keys, signature: true, headers: { "x-signature": "0".repeat(64) } })).status).toBe(200);
  });

  it("outgoing webhooks carry X-SIGNATURE = sha256(body + secret) beside X-HMAC-SIGNATURE", async () => {
    const id = await newSession();
    const patch = JSON.stringify({ verification: { status: "submitted" } });
    expect((await call(w.server.url, "PATCH", `/v1/sessions/${id}`, { keys, body: patch, signature: true })).status).toBe(200);
    const d = runCli(["sessions", "decide", id, "--decision", "approved"], w.env);
    expect(d.status, d.stderr).toBe(0);
    // Earlier cases' sessions have webhooks too (the deleted one's expiry): wait for this one's.
    const mine = () => receiver.received.find((h) => JSON.parse(h.body).verification?.id === id && JSON.parse(h.body).verification?.status === "approved");
    for (let i = 0; i < 300 && !mine(); i++) await new Promise((r) => setTimeout(r, 50));
    const hook = mine()!;
    expect(hook, "the decision webhook").toBeDefined();
    expect(hook.headers["x-hmac-signature"]).toBe(sign(keys.sharedSecret, hook.body));
    expect(hook.headers["x-signature"]).toBe(legacy(keys.sharedSecret, hook.body));
  });

  it("the OpenAPI document describes both signature headers and 1813/1814", async () => {
    const doc = await (await fetch(`${w.server.url}/v1/openapi.json`)).json();
    expect(doc.components.parameters.LegacySignature).toMatchObject({ name: "X-SIGNATURE", in: "header" });
    expect(doc.components.parameters.Signature.schema.pattern).toBe("^[0-9a-fA-F]{64}$");
    expect(JSON.stringify(doc.paths["/v1/sessions/{id}/decision"])).toMatch(/1813\/1814/);
    expect(doc.info.description).toMatch(/X-SIGNATURE/);
  });
});
