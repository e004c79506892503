import type pg from "pg";
import { DomainError } from "../errors.ts";
import { insertMedia } from "./media-store.ts";

// Media limits (shared/veriff-api.md §1.7): images up to 24 MB, PDFs up to 20 MB.
export const MAX_IMAGE_BYTES = 24 * 1024 * 1024;
export const MAX_PDF_BYTES = 20 * 1024 * 1024;
export const mediaContexts = [
  "document-front",
  "document-back",
  "face",
  "face-pre",
  "document-front-pre",
  "document-back-pre",
  "document-and-face",
  "face-reference",
] as const;
export type MediaContext = (typeof mediaContexts)[number];

/** The file type from its first bytes; the declared type is never trusted. */
export function sniffMimetype(bytes: Buffer): string | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (bytes.length >= 12 && bytes.toString("ascii", 0, 4) === "RIFF" && bytes.toString("ascii", 8, 12) === "WEBP") return "image/webp";
  if (bytes.length >= 12 && bytes.toString("ascii", 4, 8) === "ftyp") {
    const brand = bytes.toString("ascii", 8, 12);
    if (["heic", "heix", "hevc", "hevx", "mif1", "msf1"].includes(brand)) return brand.startsWith("mif") || brand.startsWith("msf") ? "image/heif" : "image/heic";
  }
  if (bytes.length >= 5 && bytes.toString("ascii", 0, 5) === "%PDF-") return "application/pdf";
  return null;
}

const extension: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/heic": "heic", "image/heif": "heif", "application/pdf": "pdf" };

export interface StoredMedia {
  id: string;
  sessionId: string;
  attemptId: string;
  context: string;
  mimetype: string;
  name: string;
  size: number;
  createdAt: Date;
}

/**
 * Stores one picture on the session's current attempt. Refuses unknown contexts, files that are
 * not an image or PDF, oversized files, and sessions that no longer accept media (submitted or
 * decided: 409 in the API). The caller's transaction scopes it.
 */
export async function storeMedia(
  client: pg.ClientBase,
  input: { sessionId: string; integrationId?: string; context: string; bytes: Buffer },
): Promise<StoredMedia> {
  if (!(mediaContexts as readonly string[]).includes(input.context)) {
    throw new DomainError("media_context", `Unsupported media context "${input.context}".`, "context");
  }
  if (input.bytes.length === 0) throw new DomainError("media_missing", "The image is empty.", "content");
  const mimetype = sniffMimetype(input.bytes);
  if (!mimetype) throw new DomainError("media_type", "Unsupported file type: use JPEG, PNG, WebP, HEIC or PDF.", "content");
  const limit = mimetype === "application/pdf" ? MAX_PDF_BYTES : MAX_IMAGE_BYTES;
  if (input.bytes.length > limit) throw new DomainError("media_too_large", `The file is larger than ${limit / 1024 / 1024} MB.`, "content");

  const params: unknown[] = [input.sessionId];
  let scope = "";
  if (input.integrationId) {
    params.push(input.integrationId);
    scope = "AND integration_id = $2";
  }
  const { rows } = await client.query<{ status: string; current_attempt_id: string | null; provider: string }>(
    `SELECT status, current_attempt_id, provider FROM verification_sessions WHERE id = $1 ${scope} FOR UPDATE`,
    params,
  );
  const s = rows[0];
  if (!s) throw new DomainError("session_not_found", "Session not found.");
  if (s.provider === "veriff") throw new DomainError("veriff_session", "This session lives at Veriff: its pictures are taken in Veriff's flow (Checkpoint fetches them after the decision).");
  if (!["created", "started"].includes(s.status) || !s.current_attempt_id) {
    throw new DomainError("media_after_submit", `The session is ${s.status}: it no longer accepts media.`);
  }
  const name = `${input.context}.${extension[mimetype]}`;
  const inserted = (await insertMedia(client, { sessionId: input.sessionId, attemptId: s.current_attempt_id, context: input.context, mimetype, name, bytes: input.bytes }))!;
  return {
    id: inserted.id,
    sessionId: input.sessionId,
    attemptId: s.current_attempt_id,
    context: input.context,
    mimetype,
    name,
    size: input.bytes.length,
    createdAt: inserted.createdAt,
  };
}
