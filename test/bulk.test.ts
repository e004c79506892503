import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unzipSync } from "fflate";
import sharp from "sharp";
import jsQR from "jsqr";
import { query, useDatabase } from "./support/db.ts";
import { runCli, startServer, type RunningServer } from "./support/server.ts";
import { apiWorld, call, type ApiWorld } from "./api/support.ts";
import { checkBulkCsv } from "../lib/validation/bulk-upload.ts";
import { createBatch, startBatch } from "../lib/bulk/create-batch.ts";
import { getBatch, type BatchView } from "../lib/bulk/get-batch.ts";
import { batchQrZip, batchResultCsv } from "../lib/bulk/batch-results.ts";
import { parseCsv } from "../lib/csv/parse-csv.ts";
import { closeDb } from "../lib/db/index.ts";

const actor = { id: null, label: "test" };
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
const csvOf = (n: number, tag: string) => "First Name,Surname,vendorData,endUserId,E-mail,lang\n" + Array.from({ length: n }, (_, i) => `P${i},Row${i},${tag}-${i},${uuid(i)},,en`).join("\n");

async function waitForBatch(id: string, done: (v: BatchView) => boolean, timeoutMs: number): Promise<BatchView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await getBatch(id);
    if (done(v)) return v;
    if (Date.now() > until) throw new Error(`batch not there in time: ${v.lastError} ${JSON.stringify({ ...v, problems: v.problems.slice(0, 3) })}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("bulk verification links", () => {
  let w: ApiWorld;
  beforeAll(async () => {
    // The server's bulk worker polls often, and its lease is short for the restart case.
    w = await apiWorld("server", { CHECKPOINT_BULK_POLL_MS: "100", CHECKPOINT_BULK_LEASE_MS: "20000" });
    process.env.AUTH_SECRET = w.env.AUTH_SECRET;
    process.env.APP_URL = w.env.APP_URL;
    useDatabase(w.db);
  }, 90_000);
  afterAll(async () => {
    await closeDb();
    await w?.stop();
  });

  it("the preview names each bad row's field with the API's own message, and creates nothing", async () => {
    const keys = w.integration(["--plan", "enterprise"]);
    const text = [
      "first_name,LAST NAME,Vendor Data,end user id,Email Address,Language",
      "Ada,Lovelace,ok-1,,ada@example.com,en",
      "Bob,,ok-2,,,",
      "Cy,Young,,not-a-uuid,,",
      "Di,Prince,,,not-an-address,",
      "Ed,Stone,,,,english",
      `Fay,Long,${"x".repeat(1001)},,,`,
      "Gus,Extra,,,,,surplus",
    ].join("\r\n");
    const rows = checkBulkCsv(text);
    expect(rows.map((r) => [r.rowNumber, r.errors.map((e) => e.field)])).toEqual([
      [1, []],
      [2, ["lastName"]],
      [3, ["endUserId"]],
      [4, ["email"]],
      [5, ["language"]],
      [6, ["vendorData"]],
      [7, ["row"]],
    ]);
    // The same bodies refused by POST /v1/sessions: the preview's words are the API's.
    for (const [row, body] of [
      [3, { verification: { person: { firstName: "Cy", lastName: "Young" }, endUserId: "not-a-uuid" } }],
      [5, { verification: { person: { firstName: "Ed", lastName: "Stone" }, lang: "english" } }],
      [6, { verification: { person: { firstName: "Fay", lastName: "Long" }, vendorData: "x".repeat(1001) } }],
    ] as const) {
      const r = await call(w.server.url, "POST", "/v1/sessions", { keys, body });
      expect(r.status).toBe(400);
      expect(rows[row - 1].errors[0].message).toBe(r.json.message);
    }
    const { batchId } = await createBatch({ integrationId: keys.id, fileName: "people.csv", text, sendEmail: false }, actor);
    const v = await getBatch(batchId);
    expect(v).toMatchObject({ state: "draft", rows: 7, counts: { invalid: 6, pending: 1, created: 0, failed: 0 } });
    expect(v.problems.map((p) => p.rowNumber)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(v.problems[0].errors).toEqual([{ field: "lastName", message: "Last name is required." }]);
    const [n] = await query<{ n: number }>(w.db.url, `SELECT count(*)::int AS n FROM verification_sessions WHERE integration_id = $1`, [keys.id]);
    expect(n.n).toBe(0);
    // A file the preview cannot read at all names the problem.
    expect(() => checkBulkCsv("name,email\nAda,a@example.com")).toThrow(/no firstName or lastName column/);
    expect(() => checkBulkCsv(csvOf(10_001, "big"))).toThrow(/10001 rows; at most 10000/);
  });

  it("1,000 rows through a 600/min cap: waits out the 429s, creates each row once, and hands out the links as CSV and QR PNGs", async () => {
    const keys = w.integration(["--plan", "enterprise"]);
    const { batchId } = await createBatch({ integrationId: keys.id, fileName: "thousand.csv", text: csvOf(1000, "k"), sendEmail: false }, actor);
    // The cap counts per calendar minute: start early in one, so its first 600 fill it and the 601st waits.
    const sec = new Date().getUTCSeconds();
    if (sec > 20) await new Promise((r) => setTimeout(r, (61 - sec) * 1000));
    const started = Date.now();
    await startBatch(batchId, actor);
    const v = await waitForBatch(batchId, (b) => b.state === "done", 150_000);
    const seconds = (Date.now() - started) / 1000;
    console.log(`1,000-row batch: ${seconds.toFixed(1)} s, ${v.rateLimited} rate-cap wait(s)`);
    expect(v.counts).toEqual({ invalid: 0, pending: 0, created: 1000, failed: 0 });
    expect(v.rateLimited).toBeGreaterThanOrEqual(1);
    const perMinute = await query<{ n: number }>(
      w.db.url,
      `SELECT count(*)::int AS n FROM verification_sessions WHERE integration_id = $1 GROUP BY date_trunc('minute', created_at)`,
      [keys.id],
    );
    expect(perMinute.reduce((a, r) => a + r.n, 0)).toBe(1000);
    expect(Math.max(...perMinute.map((r) => r.n))).toBeLessThanOrEqual(600);
    // Created through the API as the rows said.
    const [one] = await query(w.db.url, `SELECT vendor_data, end_user_id::text AS end_user_id, lang, person FROM verification_sessions WHERE vendor_data = 'k-7' AND integration_id = $1`, [keys.id]);
    expect(one).toEqual({ vendor_data: "k-7", end_user_id: uuid(7), lang: "en", person: { firstName: "P7", lastName: "Row7" } });

    const csv = parseCsv(await batchResultCsv(batchId));
    expect(csv[0].cells).toEqual(["row", "name", "email", "vendorData", "state", "sessionId", "url", "error"]);
    expect(csv).toHaveLength(1001);
    expect(csv[8].cells.slice(0, 5)).toEqual(["8", "P7 Row7", "", "k-7", "created"]);
    expect(csv[8].cells[6]).toMatch(/^https:\/\/verify\.example\.com\/v\/ey/);

    const chunks: Uint8Array[] = [];
    const reader = (await batchQrZip(batchId)).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    const files = unzipSync(Buffer.concat(chunks));
    const names = Object.keys(files);
    expect(names).toHaveLength(1000);
    expect(names[7]).toBe("row-0008-P7-Row7.png");
    const { data, info } = await sharp(files[names[7]]).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data).toBe(csv[8].cells[6]);
  }, 240_000);

  it("resumes after the server is killed mid-batch: no row is created twice", async () => {
    const keys = w.integration(["--plan", "enterprise"]);
    const { batchId } = await createBatch({ integrationId: keys.id, fileName: "restart.csv", text: csvOf(300, "r"), sendEmail: false }, actor);
    await startBatch(batchId, actor);
    await waitForBatch(batchId, (b) => b.counts.created >= 40, 60_000);
    const gone = new Promise((r) => w.server.process.once("exit", r));
    w.server.process.kill("SIGKILL");
    await gone;
    const mid = await getBatch(batchId);
    expect(mid.counts.created).toBeLessThan(300);
    let again: RunningServer | null = null;
    try {
      again = await startServer({ ...w.env, PORT: String(w.server.port) });
      const v = await waitForBatch(batchId, (b) => b.state === "done", 120_000);
      // A request the kill caught inside the API keeps its key claimed: that row fails (409) rather
      // than being sent again with a new key; at most one chunk (8) can be caught so.
      expect(v.counts.created + v.counts.failed).toBe(300);
      expect(v.counts.failed).toBeLessThanOrEqual(8);
      for (const p of v.problems) expect(p.errors[0].message).toMatch(/still being processed.*\(409\)/);
      const [s] = await query<{ n: number; distinct_vendor: number }>(
        w.db.url,
        `SELECT count(*)::int AS n, count(DISTINCT vendor_data)::int AS distinct_vendor FROM verification_sessions WHERE integration_id = $1`,
        [keys.id],
      );
      // Never twice: one session per vendorData, at most one per row.
      expect(s.n).toBe(s.distinct_vendor);
      expect(s.n).toBeGreaterThanOrEqual(v.counts.created);
      expect(s.n).toBeLessThanOrEqual(300);
      const [linked] = await query<{ n: number }>(
        w.db.url,
        `SELECT count(*)::int AS n FROM bulk_rows r JOIN verification_sessions s ON s.id = r.session_id AND s.vendor_data = r.vendor_data WHERE r.batch_id = $1`,
        [batchId],
      );
      expect(linked.n).toBe(v.counts.created);
    } catch (e) {
      console.error(again?.output());
      throw e;
    } finally {
      // The world's stop() stops the first server object; this one is ours.
      await again?.stop();
    }
  }, 180_000);

  it("the CLI creates from a CSV with --json (one object per session) and reports bad rows on stderr", async () => {
    const keys = w.integration(["--plan", "enterprise"]);
    const restarted = await startServer({ ...w.env });
    try {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cp-bulk-")), "people.csv");
      fs.writeFileSync(file, "firstName,lastName,vendorData,email\nAda,Lovelace,c-1,ada@example.com\nBob,,c-2,\nCy,Young,c-3,\n");
      const r = runCli(["sessions", "create", "--csv", file, "--integration", keys.id, "--json"], { ...w.env, CHECKPOINT_INTERNAL_URL: restarted.url });
      expect(r.stderr).toMatch(/row 2: lastName: Last name is required\./);
      const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.row, l.vendorData])).toEqual([
        [1, "c-1"],
        [3, "c-3"],
      ]);
      expect(lines[0].url).toMatch(/^https:\/\/verify\.example\.com\/v\//);
      expect(r.status).toBe(1);
      const [n] = await query<{ n: number }>(w.db.url, `SELECT count(*)::int AS n FROM verification_sessions WHERE integration_id = $1`, [keys.id]);
      expect(n.n).toBe(2);
      const [audit] = await query(w.db.url, `SELECT actor_label FROM audit_logs WHERE action = 'bulk.start' ORDER BY created_at DESC LIMIT 1`);
      expect(audit.actor_label).toBe("cli");
    } finally {
      await restarted.stop();
    }
  }, 90_000);
});
