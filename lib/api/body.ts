import type { IncomingMessage } from "node:http";
import { ApiError } from "./errors.ts";

export const JSON_LIMIT = 64 * 1024;
// A 24 MB image is about 32 MB as base64; Veriff's own limit is on the decoded image.
export const MEDIA_LIMIT = 30 * 1024 * 1024;

const tooLarge = (limit: number) => new ApiError(413, "413", `The request body is larger than ${Math.round(limit / 1024)} KB.`, { connection: "close" });

/**
 * Reads the raw body, refusing it as soon as it passes `limit` (from Content-Length before a
 * byte is read, or while streaming): nothing larger is ever buffered or parsed.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume(); // drain so the client can read the answer
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
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
  if (raw.length === 0) throw new ApiError(400, "1102", "Mandatory parameters are missing from the request: the body is empty.");
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (e) {
    throw new ApiError(400, "1104", `The request body is not valid JSON: ${(e as Error).message}`);
  }
}
