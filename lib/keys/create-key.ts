import { prisma } from "../db/index.ts";
import { encryptSecret, generateSharedSecret } from "../crypto/secrets.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { createKeyInput, type CreateKeyInput } from "../validation/api-key.ts";
import { DomainError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export interface CreatedKey {
  apiKey: string;
  label: string;
  sharedSecret: string;
}

/** Whether a key of this integration that still works (active, or in its grace period) has this label. */
export async function keyLabelTaken(tx: Prisma.TransactionClient, integrationId: string, label: string): Promise<boolean> {
  const n = await tx.apiKey.count({
    where: { integrationId, label: { equals: label, mode: "insensitive" }, OR: [{ revokedAt: null }, { revokedAt: { gt: new Date() } }] },
  });
  return n > 0;
}

/**
 * Inserts a key inside tx; the plain secret leaves this function once, to be shown once. Two
 * working keys of one integration never share a label (the integration's row lock, taken by
 * the caller, orders concurrent inserts).
 */
export async function insertKey(tx: Prisma.TransactionClient, integrationId: string, label: string, actor: Actor): Promise<CreatedKey> {
  if (await keyLabelTaken(tx, integrationId, label)) {
    throw new DomainError("label_taken", `A key of this integration is already labelled "${label}". Choose another label.`, { field: "label" });
  }
  const sharedSecret = generateSharedSecret();
  const key = await tx.apiKey.create({
    data: { integrationId, label, secretCiphertext: encryptSecret(sharedSecret), secretHint: sharedSecret.slice(-4), createdById: actor.id ?? null },
    select: { id: true },
  });
  return { apiKey: key.id, label, sharedSecret };
}

export async function createApiKey(input: CreateKeyInput, actor: Actor): Promise<CreatedKey> {
  const data = createKeyInput.parse(input);
  return prisma().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM integrations WHERE id = ${data.integrationId}::uuid FOR UPDATE`;
    const integration = locked[0];
    if (!integration) throw new DomainError("not_found", "This integration does not exist.");
    const created = await insertKey(tx, integration.id, data.label, actor);
    await recordAudit(tx, actor, "api_key.create", { type: "api_key", id: created.apiKey }, { after: { integrationId: integration.id, label: data.label } });
    return created;
  });
}
