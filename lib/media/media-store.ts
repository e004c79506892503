import crypto from "node:crypto";
import type pg from "pg";
import { authSecret } from "../config.ts";
import { pool } from "../db/index.ts";

// The one place media bytes are written and read. Each file is encrypted with its own random
// 256-bit data key, AES-256-GCM, in segments of SEGMENT plaintext bytes so a download can be
// verified and sent one segment at a time (GCM checks its tag only at the end of a message:
// one message per file would mean sending unverified bytes or buffering the whole file).
// Each segment's nonce is the file's 8-byte prefix + its index, and its additional data binds
// the media id, the index and a last-segment flag, so a segment cannot be moved to another row,
// reordered or cut off. The data key is wrapped (AES-256-GCM, media id as additional data) by a
// key derived from AUTH_SECRET; rotating AUTH_SECRET re-wraps data keys (rewrapMediaKeys), the
// files themselves are never re-encrypted.

/** 1 MiB: one segment, one query for a typical phone picture; 24 segments for the largest. */
export const SEGMENT = 1024 * 1024;
const TAG = 16;
const STORED_SEGMENT = SEGMENT + TAG;

const deriveWrapKey = (secret: string) => Buffer.from(crypto.hkdfSync("sha256", secret, "checkpoint", "media-data-key-wrap/v1", 32));
let cached: { from: string; key: Buffer } | undefined;
/** The key that wraps data keys, derived from AUTH_SECRET (or the secret given). */
export function mediaWrappingKey(secret: string = authSecret()): Buffer {
  if (cached?.from !== secret) cached = { from: secret, key: deriveWrapKey(secret) };
  return cached.key;
}

const idBytes = (mediaId: string) => Buffer.from(mediaId.toLowerCase(), "ascii");

function wrapDataKey(mediaId: string, dataKey: Buffer, wrapKey: Buffer): Buffer {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv("aes-256-gcm", wrapKey, iv).setAAD(idBytes(mediaId));
  const ct = Buffer.concat([c.update(dataKey), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]);
}

function unwrapDataKey(mediaId: string, wrapped: Buffer, wrapKey: Buffer): Buffer {
  const d = crypto.createDecipheriv("aes-256-gcm", wrapKey, wrapped.subarray(0, 12)).setAAD(idBytes(mediaId));
  d.setAuthTag(wrapped.subarray(12, 28));
  return Buffer.concat([d.update(wrapped.subarray(28)), d.final()]);
}

function segmentParams(mediaId: string, prefix: Buffer, index: number, last: boolean) {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0, 0, 8);
  nonce.writeUInt32BE(index, 8);
  const aad = Buffer.concat([idBytes(mediaId), Buffer.from([index >>> 24, (index >>> 16) & 255, (index >>> 8) & 255, index & 255, last ? 1 : 0])]);
  return { nonce, aad };
}

export interface SealedMedia {
  wrappedKey: Buffer;
  noncePrefix: Buffer;
  ciphertext: Buffer;
}

/** Encrypts one file for its media id (pure; exported for the tests). */
export function sealMedia(mediaId: string, bytes: Buffer, wrapKey: Buffer = mediaWrappingKey()): SealedMedia {
  const dataKey = crypto.randomBytes(32);
  const noncePrefix = crypto.randomBytes(8);
  const count = Math.max(1, Math.ceil(bytes.length / SEGMENT));
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const { nonce, aad } = segmentParams(mediaId, noncePrefix, i, i === count - 1);
    const c = crypto.createCipheriv("aes-256-gcm", dataKey, nonce).setAAD(aad);
    parts.push(c.update(bytes.subarray(i * SEGMENT, (i + 1) * SEGMENT)), c.final(), c.getAuthTag());
  }
  return { wrappedKey: wrapDataKey(mediaId, dataKey, wrapKey), noncePrefix, ciphertext: Buffer.concat(parts) };
}

function openSegment(mediaId: string, dataKey: Buffer, prefix: Buffer, index: number, last: boolean, stored: Buffer): Buffer {
  const { nonce, aad } = segmentParams(mediaId, prefix, index, last);
  const d = crypto.createDecipheriv("aes-256-gcm", dataKey, nonce).setAAD(aad);
  d.setAuthTag(stored.subarray(stored.length - TAG));
  const plain = d.update(stored.subarray(0, stored.length - TAG));
  // GCM's final() only checks the tag (it returns no bytes): no copy of the segment.
  const rest = d.final();
  return rest.length ? Buffer.concat([plain, rest]) : plain;
}

/** Decrypts a whole sealed file (pure; exported for the tests). */
export function unsealMedia(mediaId: string, sealed: SealedMedia, wrapKey: Buffer = mediaWrappingKey()): Buffer {
  const dataKey = unwrapDataKey(mediaId, sealed.wrappedKey, wrapKey);
  const count = Math.max(1, Math.ceil(sealed.ciphertext.length / STORED_SEGMENT));
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) out.push(openSegment(mediaId, dataKey, sealed.noncePrefix, i, i === count - 1, sealed.ciphertext.subarray(i * STORED_SEGMENT, (i + 1) * STORED_SEGMENT)));
  return Buffer.concat(out);
}

export interface NewMedia {
  /** Veriff's media id for a fetched picture; a new UUID otherwise. */
  id?: string;
  sessionId: string;
  attemptId: string;
  context: string;
  mimetype: string;
  name: string;
  bytes: Buffer;
}

/**
 * Writes a media row and its encrypted blob in the caller's transaction. With an id that is
 * already stored it writes nothing and answers null (a Veriff picture fetched twice).
 */
export async function insertMedia(client: pg.ClientBase, m: NewMedia): Promise<{ id: string; createdAt: Date } | null> {
  const id = (m.id ?? crypto.randomUUID()).toLowerCase();
  const sealed = sealMedia(id, m.bytes);
  const { rows } = await client.query<{ created_at: Date }>(
    `INSERT INTO media (id, session_id, attempt_id, context, mimetype, name, size) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING created_at`,
    [id, m.sessionId, m.attemptId, m.context, m.mimetype, m.name, m.bytes.length],
  );
  if (!rows[0]) return null;
  await client.query(`INSERT INTO media_blobs (media_id, wrapped_key, nonce_prefix, ciphertext) VALUES ($1, $2, $3, $4)`, [id, sealed.wrappedKey, sealed.noncePrefix, sealed.ciphertext]);
  return { id, createdAt: rows[0].created_at };
}

export interface MediaScope {
  /** The caller's integration (an API key): another integration's media is not found. */
  integrationId?: string;
  sessionId?: string;
  /** Only media of the session's current attempt (the hosted flow's own pictures). */
  currentAttempt?: boolean;
  /** Only while the session's attempt is open (created or started, not past its expiry): the person's own view. */
  openAttemptOnly?: boolean;
}

export interface OpenedMedia {
  id: string;
  sessionId: string;
  context: string;
  mimetype: string;
  name: string;
  size: number;
  /** The plaintext, one verified segment at a time; throws if a segment fails its check. */
  chunks(): AsyncGenerator<Buffer>;
}

/**
 * One stored file, within its scope; null when there is none or it was removed. Reads the
 * wrapped key and the first segment in the same query; later segments one query each.
 */
export async function openMedia(id: string, scope: MediaScope = {}, q: Pick<pg.Pool, "query"> = pool()): Promise<OpenedMedia | null> {
  const params: unknown[] = [id, STORED_SEGMENT];
  const where = [`m.id = $1::uuid`, `m.removed_at IS NULL`];
  if (scope.integrationId) where.push(`s.integration_id = $${params.push(scope.integrationId)}`);
  if (scope.sessionId) where.push(`m.session_id = $${params.push(scope.sessionId)}`);
  if (scope.currentAttempt) where.push(`s.current_attempt_id = m.attempt_id`);
  if (scope.openAttemptOnly) where.push(`s.status IN ('created', 'started') AND s.expires_at > now()`);
  const { rows } = await q.query<{
    id: string; session_id: string; context: string; mimetype: string; name: string; size: number;
    wrapped_key: Buffer | null; nonce_prefix: Buffer | null; ct_len: number | null; first: Buffer | null; legacy: Buffer | null;
  }>(
    `SELECT m.id, m.session_id, m.context, m.mimetype, m.name, m.size, b.wrapped_key, b.nonce_prefix, octet_length(b.ciphertext) AS ct_len,
            substring(b.ciphertext FROM 1 FOR $2) AS first, CASE WHEN b.media_id IS NULL THEN m.bytes END AS legacy
       FROM media m JOIN verification_sessions s ON s.id = m.session_id LEFT JOIN media_blobs b ON b.media_id = m.id
      WHERE ${where.join(" AND ")}`,
    params,
  );
  const r = rows[0];
  if (!r) return null;
  const base = { id: r.id, sessionId: r.session_id, context: r.context, mimetype: r.mimetype, name: r.name, size: r.size };
  if (!r.wrapped_key) {
    // Stored before encryption at rest and not yet moved by `checkpoint media encrypt`.
    const legacy = r.legacy;
    if (!legacy) return null;
    return { ...base, async *chunks() { yield legacy; } };
  }
  const { wrapped_key, nonce_prefix, first } = r;
  const ctLen = Number(r.ct_len);
  return {
    ...base,
    async *chunks() {
      const dataKey = unwrapDataKey(r.id, wrapped_key, mediaWrappingKey());
      const count = Math.max(1, Math.ceil(ctLen / STORED_SEGMENT));
      for (let i = 0; i < count; i++) {
        let stored = i === 0 ? first! : null;
        if (!stored) {
          const next = await q.query<{ seg: Buffer | null }>(`SELECT substring(ciphertext FROM $2 FOR $3) AS seg FROM media_blobs WHERE media_id = $1`, [r.id, i * STORED_SEGMENT + 1, STORED_SEGMENT]);
          stored = next.rows[0]?.seg ?? null;
          if (!stored) throw new Error(`Media ${r.id} was removed while it was being read.`);
        }
        yield openSegment(r.id, dataKey, nonce_prefix!, i, i === count - 1, stored);
      }
    },
  };
}

/** The whole plaintext of one file (the engine, the export); null when there is none. */
export async function readMediaBytes(id: string, scope: MediaScope = {}): Promise<(Omit<OpenedMedia, "chunks"> & { bytes: Buffer }) | null> {
  const m = await openMedia(id, scope);
  if (!m) return null;
  const parts: Buffer[] = [];
  for await (const c of m.chunks()) parts.push(c);
  const { chunks: _omit, ...meta } = m;
  void _omit;
  return { ...meta, bytes: Buffer.concat(parts) };
}

/** A web stream of the plaintext, for route handlers. */
export function mediaWebStream(m: OpenedMedia): ReadableStream<Uint8Array> {
  const it = m.chunks();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await it.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}

/** The standard headers of a file download. */
export function mediaHeaders(m: Pick<OpenedMedia, "mimetype" | "name" | "size">, cache: string): Record<string, string> {
  return {
    "content-type": m.mimetype,
    "content-length": String(m.size),
    "content-disposition": `inline; filename="${m.name.replace(/[^\w.-]/g, "_")}"`,
    "cache-control": cache,
    "x-content-type-options": "nosniff",
  };
}

/**
 * Deletes the files of some media rows (retention, erasure) in the caller's transaction; the
 * rows stay, marked removed, so the session's record says what there was. Answers how many.
 */
export async function removeMediaFiles(client: pg.ClientBase, where: { sessionIds: string[] }, at: Date): Promise<number> {
  if (where.sessionIds.length === 0) return 0;
  const { rows } = await client.query<{ id: string }>(
    `UPDATE media SET removed_at = $2, bytes = NULL WHERE session_id = ANY($1::uuid[]) AND removed_at IS NULL RETURNING id`,
    [where.sessionIds, at],
  );
  if (rows.length) await client.query(`DELETE FROM media_blobs WHERE media_id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
  return rows.length;
}

/**
 * Re-wraps every media data key from the key derived from oldSecret to the one derived from
 * newSecret, inside the caller's transaction (the files are not re-encrypted). For
 * `checkpoint secrets rotate`: call it in the rotation's transaction. A key that does not open
 * (a tampered row) is left as it is and listed in unreadable; if no key opens at all, oldSecret
 * is wrong and it throws, so the transaction rolls back.
 */
export async function rewrapMediaKeys(client: pg.ClientBase, oldSecret: string, newSecret: string, batch = 1000): Promise<{ rewrapped: number; unreadable: string[] }> {
  const from = deriveWrapKey(oldSecret);
  const to = deriveWrapKey(newSecret);
  let after = "00000000-0000-0000-0000-000000000000";
  const out = { rewrapped: 0, unreadable: [] as string[] };
  for (;;) {
    const { rows } = await client.query<{ media_id: string; wrapped_key: Buffer }>(
      `SELECT media_id, wrapped_key FROM media_blobs WHERE media_id > $1 ORDER BY media_id LIMIT $2 FOR UPDATE`,
      [after, batch],
    );
    if (rows.length === 0) break;
    const ids: string[] = [];
    const keys: Buffer[] = [];
    for (const r of rows) {
      let dataKey: Buffer;
      try {
        dataKey = unwrapDataKey(r.media_id, r.wrapped_key, from);
      } catch {
        out.unreadable.push(r.media_id);
        continue;
      }
      ids.push(r.media_id);
      keys.push(wrapDataKey(r.media_id, dataKey, to));
    }
    if (ids.length) await client.query(`UPDATE media_blobs b SET wrapped_key = v.k FROM unnest($1::uuid[], $2::bytea[]) AS v(id, k) WHERE b.media_id = v.id`, [ids, keys]);
    out.rewrapped += ids.length;
    after = rows[rows.length - 1].media_id;
  }
  if (out.rewrapped === 0 && out.unreadable.length > 0) throw new Error("No media data key opens with the old secret: is it the secret the media was stored under?");
  return out;
}

/**
 * Moves media stored before encryption at rest into media_blobs, one batch per transaction, so
 * an interrupted run resumes where it stopped. onProgress gets (done so far, left at start).
 */
export async function encryptLegacyMedia(opts: { batch?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<number> {
  const batch = opts.batch ?? 50;
  const total = Number((await pool().query<{ n: string }>(`SELECT count(*) AS n FROM media WHERE bytes IS NOT NULL`)).rows[0].n);
  let done = 0;
  for (;;) {
    const c = await pool().connect();
    try {
      await c.query("BEGIN");
      const { rows } = await c.query<{ id: string; bytes: Buffer }>(
        `SELECT id, bytes FROM media WHERE bytes IS NOT NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batch],
      );
      for (const r of rows) {
        const s = sealMedia(r.id, r.bytes);
        await c.query(
          `INSERT INTO media_blobs (media_id, wrapped_key, nonce_prefix, ciphertext) VALUES ($1, $2, $3, $4) ON CONFLICT (media_id) DO NOTHING`,
          [r.id, s.wrappedKey, s.noncePrefix, s.ciphertext],
        );
      }
      if (rows.length) await c.query(`UPDATE media SET bytes = NULL WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      await c.query("COMMIT");
      if (rows.length === 0) return done;
      done += rows.length;
      opts.onProgress?.(done, total);
    } catch (e) {
      await c.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }
}
