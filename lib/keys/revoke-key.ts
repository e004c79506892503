import { prisma } from "../db/index.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { revokeKeyInput, rotateKeyInput, graceOptions, type RotateKeyInput } from "../validation/api-key.ts";
import { DomainError } from "../errors.ts";
import { insertKey, keyLabelTaken, type CreatedKey } from "./create-key.ts";
import { limits } from "../validation/limits.ts";
import type { Prisma } from "../generated/prisma/client.ts";

async function lockKey(tx: Prisma.TransactionClient, keyId: string) {
  // FOR UPDATE: a concurrent revoke/rotate of the same key waits and then sees the new revoked_at.
  const rows = await tx.$queryRaw<{ id: string; integration_id: string; label: string; revoked_at: Date | null }[]>`
    SELECT id, integration_id, label, revoked_at FROM api_keys WHERE id = ${keyId}::uuid FOR UPDATE`;
  const key = rows[0];
  if (!key) throw new DomainError("not_found", "This API key does not exist.");
  return key;
}

/** The new key's label when the admin gives none: "<old label> (rotated 2026-12-01)", numbered if taken. */
async function rotatedLabel(tx: Prisma.TransactionClient, integrationId: string, oldLabel: string): Promise<string> {
  const day = new Date().toISOString().slice(0, 10);
  const base = oldLabel.replace(/ \(rotated [^)]*\)$/, "");
  for (let n = 1; ; n++) {
    const suffix = ` (rotated ${day}${n > 1 ? ` #${n}` : ""})`;
    const label = base.slice(0, limits.label - suffix.length) + suffix;
    if (!(await keyLabelTaken(tx, integrationId, label))) return label;
  }
}

/** Revokes a key now (also ends a running grace period early). */
export async function revokeApiKey(input: { keyId: string }, actor: Actor): Promise<void> {
  const { keyId } = revokeKeyInput.parse(input);
  await prisma().$transaction(async (tx) => {
    const key = await lockKey(tx, keyId);
    if (key.revoked_at && key.revoked_at.getTime() <= Date.now()) throw new DomainError("already_revoked", "This key is already revoked.");
    const now = new Date();
    await tx.apiKey.update({ where: { id: keyId }, data: { revokedAt: now } });
    await recordAudit(tx, actor, "api_key.revoke", { type: "api_key", id: keyId }, {
      before: { revokedAt: key.revoked_at?.toISOString() ?? null },
      after: { revokedAt: now.toISOString(), integrationId: key.integration_id },
    });
  });
}

/**
 * Rotates a key: a new key is created (its secret returned once) and the old one stays valid
 * until now + grace, so running integrations can switch without downtime.
 */
export async function rotateApiKey(input: RotateKeyInput, actor: Actor): Promise<CreatedKey & { oldKeyValidUntil: Date }> {
  const data = rotateKeyInput.parse(input);
  return prisma().$transaction(async (tx) => {
    const old = await lockKey(tx, data.keyId);
    if (old.revoked_at) throw new DomainError("already_revoked", "Only an active key can be rotated.");
    const until = new Date(Date.now() + graceOptions[data.grace] * 1000);
    await tx.$queryRaw`SELECT id FROM integrations WHERE id = ${old.integration_id}::uuid FOR UPDATE`;
    const created = await insertKey(tx, old.integration_id, data.label ?? (await rotatedLabel(tx, old.integration_id, old.label)), actor);
    await tx.apiKey.update({ where: { id: old.id }, data: { revokedAt: until } });
    await recordAudit(tx, actor, "api_key.rotate", { type: "api_key", id: old.id }, {
      before: { revokedAt: null },
      after: { revokedAt: until.toISOString(), grace: data.grace, newApiKey: created.apiKey, integrationId: old.integration_id },
    });
    return { ...created, oldKeyValidUntil: until };
  });
}
