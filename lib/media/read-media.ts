import { pool } from "../db/index.ts";

/** A stored picture with its bytes, for the staff-only media route; null when there is none. */
export async function readMedia(id: string): Promise<{ mimetype: string; name: string; bytes: Buffer } | null> {
  const { rows } = await pool().query<{ mimetype: string; name: string; bytes: Buffer }>(`SELECT mimetype, name, bytes FROM media WHERE id = $1::uuid`, [id]);
  return rows[0] ?? null;
}
