import { DomainError } from "../errors.ts";

/** A server action's body: Next's serverActions.bodySizeLimit (next.config.ts), and server.ts's check of a declared length. */
export const ACTION_BODY_LIMIT = 1024 * 1024;

const size = (limit: number) => (limit >= 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MB` : `${Math.round(limit / 1024)} KB`);

/**
 * The request body too large: 413, and the connection closed after the answer, so the server
 * does not go on reading (and dropping) the rest of a body it has refused.
 */
export const bodyTooLarge = (limit: number) =>
  new DomainError("body_too_large", `The request body is larger than ${size(limit)}.`, { httpStatus: 413, headers: { connection: "close" } });

/**
 * A route handler's body, read with a byte limit: refused from Content-Length before a byte is
 * read, and while streaming as soon as it passes the limit (the stream is cancelled there).
 * Nothing larger than `limit` is ever held. Call it only after the caller is checked (the token,
 * the session's state): a refused caller's body is never read at all.
 */
export async function readLimitedBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw bodyTooLarge(limit);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      chunks.length = 0;
      reader.cancel().catch(() => {});
      throw bodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** A multipart or urlencoded form, read with readLimitedBody's limit and then parsed. */
export async function readLimitedForm(req: Request, limit: number): Promise<FormData> {
  const body = await readLimitedBody(req, limit);
  try {
    return await new Response(body as Uint8Array<ArrayBuffer>, { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new DomainError("invalid_form", "The request body is not a form.");
  }
}

/** A JSON body, read with readLimitedBody's limit; an empty or broken body is `fallback`. */
export async function readLimitedJson(req: Request, limit: number, fallback: unknown = {}): Promise<unknown> {
  const body = await readLimitedBody(req, limit);
  try {
    return body.length ? JSON.parse(body.toString("utf8")) : fallback;
  } catch {
    return fallback;
  }
}
