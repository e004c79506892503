import type pg from "pg";
import { z } from "zod";
import { withTransaction } from "../db/index.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { DomainError, isDomainError } from "../errors.ts";
import { authSecret } from "../config.ts";
import { decryptSecret, encryptSecret, secretKey } from "./secrets.ts";
import { keyCheckOf, sameCheck } from "./secret-check.ts";
import { rewrapMediaKeys } from "../media/media-store.ts";

/** What a step is given: the old and new AUTH_SECRET, and the re-encryption of one lib/crypto ciphertext. */
export interface Recrypt {
  oldSecret: string;
  newSecret: string;
  /** A ciphertext of encryptSecret under the old secret → the same plain text under the new one. */
  secret(ciphertext: string): string;
}

/**
 * One kind of stored secret re-encrypted by `checkpoint secrets rotate`, inside the rotation's
 * one transaction (`tx`): it returns how many values it rewrote. A step that cannot open a value
 * throws, and nothing of the rotation is kept.
 */
export interface ReencryptionStep {
  name: string;
  run(tx: pg.ClientBase, r: Recrypt): Promise<number>;
}

/** A step for ciphertext columns of encryptSecret in one table (rows locked, every non-null value rewritten). */
export function columnsStep(table: string, columns: string[]): ReencryptionStep {
  return {
    name: `${table}.${columns.join(",")}`,
    async run(tx, r) {
      const { rows } = await tx.query<Record<string, string | null>>(
        `SELECT id::text AS id, ${columns.join(", ")} FROM ${table} WHERE ${columns.map((c) => `${c} IS NOT NULL`).join(" OR ")} FOR UPDATE`,
      );
      let n = 0;
      for (const row of rows) {
        const values = columns.map((c) => {
          const v = row[c];
          if (v === null) return null;
          n++;
          try {
            return r.secret(v);
          } catch (e) {
            if (!isDomainError(e, "secret_undecryptable")) throw e;
            throw new DomainError("secret_undecryptable", `${table}.${c} of ${row.id} cannot be decrypted with the current AUTH_SECRET: nothing was changed. Remove or replace that secret, then rotate again.`);
          }
        });
        await tx.query(`UPDATE ${table} SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(", ")} WHERE id = $1::uuid`, [row.id, ...values]);
      }
      return n;
    },
  };
}

/**
 * Every secret stored under a key derived from AUTH_SECRET. The extension point: a new kind of
 * secret adds its step here, and rotation covers it.
 */
export const reencryptionSteps: ReencryptionStep[] = [
  columnsStep("api_keys", ["secret_ciphertext"]),
  columnsStep("integrations", ["veriff_api_key_ciphertext", "veriff_secret_ciphertext"]),
  columnsStep("users", ["totp_secret_ciphertext", "totp_pending_ciphertext"]),
  // The pictures' per-file data keys are re-wrapped, the files themselves not re-encrypted.
  // A key that no longer opens (a tampered row) is skipped: that picture is unreadable either way.
  { name: "media_blobs.wrapped_key", run: async (tx, r) => (await rewrapMediaKeys(tx, r.oldSecret, r.newSecret)).rewrapped },
];

export const newAuthSecret = z.string().min(32, "must be at least 32 characters: generate one with `openssl rand -hex 32`.");

/**
 * Re-encrypts every stored secret under a new AUTH_SECRET and records its check value, all in one
 * transaction: either every secret and the check value move to the new secret, or nothing does.
 * Every process must then be started with the new AUTH_SECRET (the old one is refused at start).
 */
export async function rotateAuthSecret(newSecretRaw: string, actor: Actor, steps: ReencryptionStep[] = reencryptionSteps): Promise<{ step: string; count: number }[]> {
  const parsed = newAuthSecret.safeParse(newSecretRaw);
  if (!parsed.success) throw new DomainError("invalid_input", `--new-secret ${parsed.error.issues[0].message}`, "new-secret");
  const oldSecret = authSecret();
  const newSecret = parsed.data;
  if (newSecret === oldSecret) throw new DomainError("invalid_input", "--new-secret is the current AUTH_SECRET: choose a new one.", "new-secret");
  const [oldKey, newKey] = [secretKey(oldSecret), secretKey(newSecret)];
  const recrypt: Recrypt = { oldSecret, newSecret, secret: (c) => encryptSecret(decryptSecret(c, oldKey), newKey) };
  return withTransaction(async (tx) => {
    const { rows } = await tx.query<{ key_check: string }>(`SELECT key_check FROM secret_check WHERE id = 1 FOR UPDATE`);
    if (!rows[0] || !sameCheck(rows[0].key_check, keyCheckOf(oldSecret))) throw new DomainError("conflict", "The database's secret check does not match the current AUTH_SECRET: nothing was changed.");
    const done: { step: string; count: number }[] = [];
    for (const step of steps) done.push({ step: step.name, count: await step.run(tx, recrypt) });
    await tx.query(`UPDATE secret_check SET key_check = $1, rotated_at = now() WHERE id = 1`, [keyCheckOf(newSecret)]);
    await recordAudit(tx, actor, "secrets.rotate", { type: "secret_check", id: "1" }, { after: { reencrypted: Object.fromEntries(done.map((d) => [d.step, d.count])) } });
    return done;
  });
}
