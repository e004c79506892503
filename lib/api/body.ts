import type { IncomingMessage } from "node:http";
import { veriffError } from "./errors.ts";

export const JSON_LIMIT = 64 * 1024;
// A 24 MB image is about 32 MB as base64; Veriff's own limit is on the decoded image.
export const MEDIA_LIMIT = 30 * 1024 * 1024;

const tooLarge = (limit: number) =>
  veriffError(413, "413", `The request body is larger than ${limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MB` : `${limit / 1024} KB`}.`);
// After a 413 the rest of the body is read and dropped, so that the client, still sending, gets to
// read the answer instead of a broken pipe; past this much the connection is cut.
const DRAIN_LIMIT = 64 * 1024 * 1024;

function drain(req: IncomingMessage, alreadyRead: number) {
  let dropped = alreadyRead;
  req.removeAllListeners("data");
  req.on("data", (c: Buffer) => {
    dropped += c.length;
    if (dropped > DRAIN_LIMIT) req.socket.destroy();
  });
  req.resume();
}

/**
 * Reads the raw body, refusing it as soon as it passes `limit` (from Content-Length before a
 * byte is read, or while streaming): nothing larger is ever buffered or parsed.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    drain(req, 0);
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        drain(req, size);
        reject(tooLarge(limit));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (!over) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.on("error", reject);
  });
}

export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) throw veriffError(400, "1102", "Mandatory parameters are missing from the request: the body is empty.");
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (e) {
    throw veriffError(400, "1104", `The request body is not valid JSON: ${(e as Error).message}`);
  }
}
