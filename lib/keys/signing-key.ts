import { pool } from "../db/index.ts";
import { VALID_KEY_SQL } from "./key-validity.ts";

/**
 * The query for an integration's newest valid key, the one that signs its webhooks and that the
 * portal creates sessions with: the newest by creation, a key in its rotation grace included
 * (a rotation's new key is the newest, so it takes over at once).
 * `integrationId` is an SQL expression (a parameter or a column of the outer query).
 */
export const newestValidKeySql = (integrationId: string) =>
  `SELECT id, secret_ciphertext FROM api_keys WHERE integration_id = ${integrationId} AND ${VALID_KEY_SQL}
    ORDER BY created_at DESC, id DESC LIMIT 1`;

/** The newest valid key of an integration (its id and the encrypted shared secret), or null. */
export async function newestValidKey(integrationId: string): Promise<{ id: string; secretCiphertext: string } | null> {
  const { rows } = await pool().query<{ id: string; secret_ciphertext: string }>(newestValidKeySql("$1::uuid"), [integrationId]);
  return rows[0] ? { id: rows[0].id, secretCiphertext: rows[0].secret_ciphertext } : null;
}
