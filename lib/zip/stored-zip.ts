import type { Writable } from "node:stream";
import { once } from "node:events";
import { Zip, ZipPassThrough } from "fflate";

export interface ZipSink {
  chunk(bytes: Uint8Array): void;
  close(): void;
  error(e: Error): void;
}

/**
 * A ZIP archive written as its entries are added, every entry stored, not deflated: the pictures
 * and PNGs it carries are compressed already. The one ZIP writer of the bulk QR codes and the
 * data-subject export.
 */
export class StoredZip {
  private readonly zip: Zip;

  constructor(sink: ZipSink) {
    this.zip = new Zip((err, chunk, final) => {
      if (err) return sink.error(err);
      sink.chunk(chunk);
      if (final) sink.close();
    });
  }

  add(name: string, bytes: Uint8Array, mtime?: Date) {
    const entry = new ZipPassThrough(name);
    if (mtime) entry.mtime = mtime;
    this.zip.add(entry);
    entry.push(bytes, true);
  }

  end() {
    this.zip.end();
  }
}

/** A StoredZip into a Node stream; `drained()` waits while the reader is behind, so at most one entry is held in memory. */
export function zipInto(out: Writable): { zip: StoredZip; drained(): Promise<void> } {
  const zip = new StoredZip({ chunk: (c) => out.write(c), close: () => out.end(), error: (e) => out.destroy(e) });
  return {
    zip,
    async drained() {
      if (out.writableNeedDrain) await once(out, "drain");
    },
  };
}
