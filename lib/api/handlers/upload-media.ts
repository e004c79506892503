import { withTransaction } from "../../db/index.ts";
import { storeMedia, mediaContexts } from "../../media/store-media.ts";
import { authenticate, requireSignedRequest } from "../auth.ts";
import { MEDIA_LIMIT, parseJson, readBody } from "../body.ts";
import { veriffError, notFound, sendJson } from "../errors.ts";
import type { ApiContext } from "../context.ts";
import { mediaUrl } from "./reads.ts";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes of `content`: plain base64 or a data: URI; Veriff's 1401 when it is neither. */
export function decodeContent(content: string): Buffer {
  let b64 = content.trim();
  const dataUri = /^data:([\w.+-]+\/[\w.+-]+)?(;[\w-]+=[^;,]*)*;base64,/i.exec(b64);
  if (dataUri) b64 = b64.slice(dataUri[0].length);
  else if (b64.startsWith("data:")) throw veriffError(400, "1401", "Image data is not a base64 data URI.");
  b64 = b64.replace(/\s+/g, "");
  if (b64.length === 0) throw veriffError(400, "1400", "No image data: image.content is empty.");
  if (b64.length % 4 === 1 || !BASE64.test(b64.replace(/-/g, "+").replace(/_/g, "/"))) throw veriffError(400, "1401", "Image data is not valid base64.");
  return Buffer.from(b64, "base64");
}

/** POST /v1/sessions/{id}/media: one image as base64 JSON, signed over the raw body. */
export async function uploadMedia({ req, res, id }: ApiContext) {
  const caller = await authenticate(req.headers);
  const raw = await readBody(req, MEDIA_LIMIT);
  requireSignedRequest(req.headers, caller, raw, "body");
  const json = parseJson(raw) as { image?: unknown } | null;
  const image = json && typeof json === "object" && !Array.isArray(json) ? json.image : undefined;
  if (!image || typeof image !== "object" || Array.isArray(image)) throw veriffError(400, "1403", "Missing image: send {\"image\":{\"context\",\"content\"}}.");
  const { context, content } = image as { context?: unknown; content?: unknown };
  if (content === undefined || content === null || content === "") throw veriffError(400, "1400", "No image data: image.content is missing.");
  if (typeof content !== "string") throw veriffError(400, "1401", "Image data must be a base64 string.");
  if (typeof context !== "string" || !(mediaContexts as readonly string[]).includes(context)) {
    throw veriffError(400, "1402", `Unsupported image context: use one of ${mediaContexts.join(", ")}.`);
  }
  const bytes = decodeContent(content);
  if (!id) throw notFound();
  const stored = await withTransaction((c) => storeMedia(c, { sessionId: id, integrationId: caller.integrationId, context, bytes }));
  sendJson(res, 201, {
    status: "success",
    image: { id: stored.id, name: stored.name, context: stored.context, timestamp: null, size: stored.size, mimetype: stored.mimetype, url: mediaUrl(stored.id), sessionId: stored.sessionId },
  });
}
