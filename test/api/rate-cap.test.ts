import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query } from "../support/db.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { apiWorld, call, expectFail, type ApiWorld } from "./support.ts";

// Veriff's caps: 30 sessions a minute for a self-serve integration, 600 for enterprise.
describe("rate caps with two app processes on one database", () => {
  let w: ApiWorld;
  let second: RunningServer;
  beforeAll(async () => {
    w = await apiWorld("server");
    second = await startServer(w.env);
  });
  afterAll(async () => {
    await second?.stop();
    await w?.stop();
  });

  it("100 simultaneous creates on a self-serve integration: exactly 30 succeed, 70 get 429 with Retry-After", async () => {
    // Stay clear of a minute boundary: the cap counts per calendar minute.
    const s = new Date().getUTCSeconds();
    if (s > 45) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
    const keys = w.integration(["--plan", "self-serve"]);
    const bases = [w.server.url, second.url];
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => call(bases[i % 2], "POST", "/v1/sessions", { keys, body: { verification: {} } })));
    const ok = results.filter((r) => r.status === 201);
    const limited = results.filter((r) => r.status === 429);
    expect(ok).toHaveLength(30);
    expect(limited).toHaveLength(70);
    expectFail(limited[0], 429, "429");
    const retry = Number(limited[0].headers.get("retry-after"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    const [n] = await query<{ n: number }>(w.db.url, `SELECT count(*)::int AS n FROM verification_sessions WHERE integration_id = $1`, [keys.id]);
    expect(n.n).toBe(30);
  });

  it("an integration's own cap replaces its plan's default", async () => {
    const keys = w.integration(["--plan", "enterprise", "--rate-cap", "3"]);
    const rs = await Promise.all(Array.from({ length: 6 }, (_, i) => call([w.server.url, second.url][i % 2], "POST", "/v1/sessions", { keys, body: { verification: {} } })));
    expect(rs.filter((r) => r.status === 201)).toHaveLength(3);
  });
});
