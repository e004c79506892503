import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiWorld, call, openApiValidator, type ApiWorld } from "./support.ts";

// A smoke run of the API on the embedded database (PGlite, one connection).
describe("the /v1 session API on PGlite", () => {
  let w: ApiWorld;
  beforeAll(async () => {
    w = await apiWorld("pglite");
  });
  afterAll(() => w?.stop());

  it("creates, reads, uploads, submits and deletes", async () => {
    const oa = await openApiValidator(w.server.url);
    const keys = w.integration(["--decision-webhook", "https://hooks.example.com/d"]);
    const created = await Promise.all(Array.from({ length: 5 }, () => call(w.server.url, "POST", "/v1/sessions", { keys, body: { verification: { vendorData: "lite" } }, headers: { "idempotency-key": crypto.randomUUID() } })));
    for (const c of created) oa.check("CreateSessionResponse", c.json);
    const id = created[0].json.verification!.id as string;
    const decision = await call(w.server.url, "GET", `/v1/sessions/${id}/decision`, { keys, signature: true });
    expect(decision.json).toMatchObject({ status: "success", verification: null });
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    expect((await call(w.server.url, "POST", `/v1/sessions/${id}/media`, { keys, body: { image: { context: "face", content: png } }, signature: true })).status).toBe(201);
    expect((await call(w.server.url, "PATCH", `/v1/sessions/${id}`, { keys, body: { verification: { status: "submitted" } }, signature: true })).status).toBe(200);
    const other = created[1].json.verification!.id as string;
    expect((await call(w.server.url, "DELETE", `/v1/sessions/${other}`, { keys, signature: true })).status).toBe(200);
    expect((await call(w.server.url, "GET", `/v1/sessions/${other}/decision`, { keys, signature: true })).status).toBe(404);
  });
});
