import crypto from "node:crypto";
import type pg from "pg";
import { config, StartupError } from "../config.ts";
import { decryptSecret, secretKey } from "./secrets.ts";
import { isDomainError } from "../errors.ts";

/**
 * The check value of the key derived from an AUTH_SECRET: an HMAC of a fixed label under that
 * key, so the table says whether two processes share the secret without revealing the key.
 */
export const keyCheckOf = (secret?: string) => crypto.createHmac("sha256", secretKey(secret)).update("checkpoint/secret-check/v1").digest("base64url");

/**
 * At every start of the server and the CLI (lib/boot.ts, after migrations): the first start
 * records the check value; every later one refuses with one line when its AUTH_SECRET differs,
 * instead of writing secrets the other processes cannot decrypt. A database that already holds
 * secrets but no check value (made before it existed) is recorded only if this secret opens them.
 */
export async function assertSecretMatches(client: pg.ClientBase): Promise<void> {
  const mine = keyCheckOf();
  const { rows } = await client.query<{ key_check: string }>(`SELECT key_check FROM secret_check WHERE id = 1`);
  let recorded = rows[0]?.key_check;
  if (recorded === undefined) {
    const sample = await client.query<{ c: string }>(`SELECT secret_ciphertext AS c FROM api_keys LIMIT 1`);
    if (sample.rows[0]) {
      try {
        decryptSecret(sample.rows[0].c);
      } catch (e) {
        if (!isDomainError(e, "secret_undecryptable")) throw e;
        throw mismatch();
      }
    }
    // Two processes starting at once: the first insert wins and the other compares against it.
    await client.query(`INSERT INTO secret_check (id, key_check) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [mine]);
    recorded = (await client.query<{ key_check: string }>(`SELECT key_check FROM secret_check WHERE id = 1`)).rows[0].key_check;
  }
  if (!sameCheck(recorded, mine)) throw mismatch();
}

export function sameCheck(a: string, b: string): boolean {
  return a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function mismatch(): StartupError {
  const from = config().authSecret ? "AUTH_SECRET" : `AUTH_SECRET is not set, so ${config().dataDir}/auth-secret was used, and it`;
  return new StartupError(`${from} does not match the secret this database was set up with: use the server's AUTH_SECRET (or move to a new one with \`checkpoint secrets rotate --new-secret\`).`);
}
