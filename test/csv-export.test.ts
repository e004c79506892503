import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, useDatabase, query, type TestDatabase } from "./support/db.ts";
import { closeDb } from "../lib/db/index.ts";
import { csvCell, csvRow } from "../lib/csv/csv.ts";
import { parseCsv as readCsv } from "../lib/csv/parse-csv.ts";
import { exportSessionsCsv, sessionsCsvHeader } from "../lib/sessions/export-sessions.ts";
import { parseListParams } from "../lib/sessions/list-params.ts";
import { exportAuditCsv } from "../lib/audit/list-audit.ts";
import { createIntegration } from "../lib/integrations/create-integration.ts";
import { cliActor } from "../lib/audit/record.ts";

/** What spreadsheet apps will see: the rows as the bulk upload's RFC 4180 reader reads them. */
const parseCsv = (text: string): string[][] => readCsv(text).map((r) => r.cells);

async function readAll(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

describe("CSV cells", () => {
  it("escapes quotes, commas and line breaks and guards formulas", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+1 555")).toBe("'+1 555");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell(-2)).toBe("-2");
    expect(csvCell(null)).toBe("");
    expect(csvCell(" padded ")).toBe('" padded "');
    expect(csvCell(new Date("2026-01-02T03:04:05.006Z"))).toBe("2026-01-02T03:04:05.006Z");
    expect(csvRow(["a", 1, null])).toBe("a,1,\r\n");
  });

  it("reads back through a CSV parser", () => {
    const tricky = ['a,b', 'quote "q"', "line\r\nbreak", "=1+1", "plain"];
    expect(parseCsv(csvRow(tricky))).toEqual([['a,b', 'quote "q"', "line\r\nbreak", "'=1+1", "plain"]]);
  });
});

describe("parsing the export filter", () => {
  it("reads the list's own URL: good values kept, bad ones dropped", () => {
    const p = parseListParams(new URLSearchParams("status=approved,bogus,declined&decision=declined&integration=nope&from=2026-01-01&to=garbage&q=v-1"));
    expect(p).toMatchObject({ status: ["approved", "declined"], decision: ["declined"], integration: undefined, from: "2026-01-01", to: undefined, q: "v-1" });
    expect(parseListParams(new URLSearchParams("decision=expired_abandoned,none")).decision).toEqual(["expired_abandoned", "none"]);
    expect(parseListParams(new URLSearchParams("decision=42")).decision).toEqual([]);
  });
});

describe("streamed exports on the server", () => {
  let db: TestDatabase;
  let integrationId: string;
  let otherId: string;
  const N = 100_000;
  beforeAll(async () => {
    db = await createDatabase("server");
    useDatabase(db);
    integrationId = (await createIntegration({ name: "Big, \"quoted\" Co" }, cliActor)).id;
    otherId = (await createIntegration({ name: "Other" }, cliActor)).id;
    await query(
      db.url,
      `INSERT INTO verification_sessions (integration_id, status, vendor_data, person_name, decision_code, created_at, expires_at)
       SELECT $1, (CASE WHEN g % 2 = 0 THEN 'approved' ELSE 'declined' END)::"SessionStatus",
              CASE WHEN g = 1 THEN '=cmd|'' /C calc''!A0' ELSE 'vendor-' || g END, 'person ' || g,
              CASE WHEN g % 2 = 0 THEN 9001 ELSE 9102 END,
              timestamptz '2026-01-01T00:00:00Z' + (g % 50000) * interval '1 second', now() + interval '7 days'
       FROM generate_series(1, $2) g`,
      [integrationId, N],
    );
    await query(db.url, `INSERT INTO verification_sessions (integration_id, status, created_at, expires_at) VALUES ($1, 'created', '2026-03-01', now())`, [otherId]);
    // As create-session stores a name: the person as given, and the lower-cased search column.
    await query(
      db.url,
      `INSERT INTO verification_sessions (integration_id, status, person, person_name, vendor_data, created_at, expires_at)
       VALUES ($1, 'created', '{"firstName":"Zoë","lastName":"McDonald-Smith"}', 'zoë mcdonald-smith', 'named', '2025-06-01', now())`,
      [otherId],
    );
  }, 120_000);
  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("sends the first bytes before reading the table, and reads only as fast as the reader", async () => {
    let batches = 0;
    const stream = exportSessionsCsv(parseListParams(new URLSearchParams()), { onBatch: () => batches++ });
    const reader = stream.getReader();
    const first = await reader.read();
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(first.value)).toBe("\uFEFF" + csvRow(sessionsCsvHeader));
    const second = await reader.read();
    expect(second.done).toBe(false);
    // The reader has taken one batch: at most one more is queued, out of 101.
    await new Promise((r) => setTimeout(r, 200));
    expect(batches).toBeLessThanOrEqual(2);
    await reader.cancel();
  });

  it("exports 100k rows in order with bounded buffering and memory", async () => {
    let fetched = 0;
    let consumed = 0;
    let maxAhead = 0;
    const stream = exportSessionsCsv(parseListParams(new URLSearchParams(`integration=${integrationId}`)), {
      onBatch: (n) => {
        fetched += n;
        maxAhead = Math.max(maxAhead, fetched - consumed);
      },
    });
    const reader = stream.getReader();
    const dec = new TextDecoder();
    let lines = 0;
    let tail = "";
    let firstRow = "";
    const heapStart = process.memoryUsage().heapUsed;
    let heapMax = heapStart;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const text = tail + dec.decode(value, { stream: true });
      const parts = text.split("\r\n");
      tail = parts.pop()!;
      if (!firstRow && lines > 0) firstRow = parts[0];
      if (!firstRow && parts.length > 1) firstRow = parts[1];
      lines += parts.length;
      consumed = lines - 1;
      heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
    }
    expect(lines).toBe(N + 1);
    expect(fetched).toBe(N);
    // Never more than two batches of 1000 read ahead of the consumer.
    expect(maxAhead).toBeLessThanOrEqual(2000);
    // The whole CSV is ~20 MB; the export never holds more than a few batches.
    expect(heapMax - heapStart).toBeLessThan(60 * 1024 * 1024);
    // Newest first; the integration's name is quoted.
    expect(firstRow).toMatch(/,"Big, ""quoted"" Co",/);
  });

  it("applies the filter and guards formula cells", async () => {
    const csv = await readAll(exportSessionsCsv(parseListParams(new URLSearchParams("decision=declined&q==cmd|' /C calc'!A0"))));
    const rows = parseCsv(csv.replace(/^\uFEFF/, ""));
    expect(rows).toHaveLength(2);
    expect(rows[1][sessionsCsvHeader.indexOf("vendor_data")]).toBe("'=cmd|' /C calc'!A0");
    expect(rows[1][sessionsCsvHeader.indexOf("status")]).toBe("declined");
    const byDate = parseCsv((await readAll(exportSessionsCsv(parseListParams(new URLSearchParams("from=2026-02-01&to=2026-03-01"))))).replace(/^\uFEFF/, ""));
    expect(byDate.slice(1).map((r) => r[sessionsCsvHeader.indexOf("integration")])).toEqual(["Other"]);
    const statuses = parseCsv((await readAll(exportSessionsCsv(parseListParams(new URLSearchParams("status=created,approved&q=vendor-10")))))).slice(1);
    expect(statuses.map((r) => r[sessionsCsvHeader.indexOf("vendor_data")])).toEqual(["vendor-10"]);
  });

  it("keeps people's names as given (not the lower-cased search column)", async () => {
    const rows = parseCsv((await readAll(exportSessionsCsv(parseListParams(new URLSearchParams(`integration=${otherId}`))))).replace(/^\uFEFF/, ""));
    const named = rows.find((r) => r[sessionsCsvHeader.indexOf("vendor_data")] === "named");
    expect(named?.[sessionsCsvHeader.indexOf("person_name")]).toBe("Zoë McDonald-Smith");
  });

  it("exports the audit log with its before/after as JSON cells", async () => {
    const csv = await readAll(exportAuditCsv({ action: "integration.create" }, { batchSize: 1 }));
    const rows = parseCsv(csv.replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual(["id", "created_at", "actor_id", "actor", "action", "target_type", "target_id", "ip", "before", "after"]);
    expect(rows.slice(1).map((r) => r[6])).toEqual([otherId, integrationId]);
    expect(JSON.parse(rows[2][9])).toMatchObject({ name: 'Big, "quoted" Co' });
  });
});
