import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../support/server.ts";
import { apiWorld, call, sign, type ApiWorld } from "./support.ts";
import { decideSession } from "../../lib/sessions/decide-session.ts";
import { closeDb } from "../../lib/db/index.ts";
import { useDatabase } from "../support/db.ts";

// Two app processes on one database behave as one: every webhook of every change arrives, once,
// whichever process's worker claimed it.
describe("two app processes on one database: webhooks", () => {
  let w: ApiWorld;
  let second: RunningServer;
  const received: { kind: string; id: string; code: number; signatureOk: boolean }[] = [];
  let receiver: http.Server;
  let hookUrl = "";
  let secret = "";

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks);
        const body = JSON.parse(raw.toString("utf8"));
        const kind = req.url === "/decision" ? "decision" : "event";
        const id = kind === "decision" ? body.verification.id : body.id;
        const code = kind === "decision" ? body.verification.code : body.code;
        received.push({ kind, id, code, signatureOk: req.headers["x-hmac-signature"] === sign(secret, raw) });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
    hookUrl = `http://127.0.0.1:${(receiver.address() as import("node:net").AddressInfo).port}`;
    w = await apiWorld("server");
    second = await startServer(w.env);
    useDatabase(w.db);
  });
  afterAll(async () => {
    await closeDb();
    await second?.stop();
    await w?.stop();
    receiver?.close();
  });

  it("delivers every event and decision webhook exactly once", async () => {
    const keys = w.integration(["--plan", "enterprise", "--decision-webhook", `${hookUrl}/decision`, "--event-webhook", `${hookUrl}/event`]);
    secret = keys.sharedSecret;
    const bases = [w.server.url, second.url];
    const N = 40;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const r = await call(bases[i % 2], "POST", "/v1/sessions", { keys, body: { verification: {} } });
      expect(r.status).toBe(201);
      ids.push(r.json.verification!.id as string);
    }
    await Promise.all(
      ids.map((id, i) =>
        call(bases[(i + 1) % 2], "PATCH", `/v1/sessions/${id}`, { keys, signature: true, body: { verification: { status: "submitted", timestamp: new Date().toISOString() } } }).then((r) => expect(r.status).toBe(200)),
      ),
    );
    for (const id of ids) await decideSession({ sessionId: id, decision: "approved", actor: { type: "cli", label: "test" } });

    const deadline = Date.now() + 30_000;
    while (received.length < 2 * N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500)); // room for a duplicate to show up
    const events = received.filter((r) => r.kind === "event");
    const decisions = received.filter((r) => r.kind === "decision");
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(ids));
    expect(events).toHaveLength(N);
    expect(events.every((e) => e.code === 7002)).toBe(true);
    expect(new Set(decisions.map((d) => d.id))).toEqual(new Set(ids));
    expect(decisions).toHaveLength(N);
    expect(decisions.every((d) => d.code === 9001)).toBe(true);
    expect(received.every((r) => r.signatureOk)).toBe(true);
  });
});
