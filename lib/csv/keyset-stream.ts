import { csvRow, type Cell } from "./csv.ts";

export interface KeysetSource<Row, Key> {
  header: string[];
  /** The next batch after key (null: from the start), in the export's order. */
  fetch(after: Key | null, limit: number): Promise<Row[]>;
  keyOf(row: Row): Key;
  cells(row: Row): Cell[];
  batchSize?: number;
  /** Called after each batch is read from the database (tests use it to watch the pace). */
  onBatch?(rows: number): void;
}

/**
 * A CSV body read in keyset batches only as fast as the reader takes it: the stream pulls the
 * next batch when its one-chunk queue is empty, so memory holds about one batch whatever the
 * table's size, and no connection is held between batches (the embedded database has one).
 */
export function keysetCsvStream<Row, Key>(src: KeysetSource<Row, Key>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const limit = src.batchSize ?? 1000;
  let after: Key | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          // A UTF-8 BOM so spreadsheet apps read non-ASCII names correctly.
          controller.enqueue(enc.encode("\uFEFF" + csvRow(src.header)));
          return;
        }
        const rows = await src.fetch(after, limit);
        src.onBatch?.(rows.length);
        if (rows.length > 0) {
          after = src.keyOf(rows[rows.length - 1]);
          let out = "";
          for (const r of rows) out += csvRow(src.cells(r));
          controller.enqueue(enc.encode(out));
        }
        if (rows.length < limit) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}

export function csvResponse(body: ReadableStream<Uint8Array>, filename: string): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
