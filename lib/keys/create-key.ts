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

/** Inserts a key inside tx; the plain secret leaves this function once, to be shown once. */
export async function insertKey(tx: Prisma.TransactionClient, integrationId: string, label: string, actor: Actor): Promise<CreatedKey> {
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
    const integration = await tx.integration.findUnique({ where: { id: data.integrationId }, select: { id: true } });
    if (!integration) throw new DomainError("not_found", "This integration does not exist.");
    const created = await insertKey(tx, integration.id, data.label, actor);
    await recordAudit(tx, actor, "api_key.create", { type: "api_key", id: created.apiKey }, { after: { integrationId: integration.id, label: data.label } });
    return created;
  });
}
