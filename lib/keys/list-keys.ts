import "server-only";
import { prisma } from "../db/index.ts";
import { keyState } from "./key-validity.ts";

/** An integration's keys for display: never the ciphertext, only the hint. */
export async function listKeys(integrationId: string) {
  const rows = await prisma().apiKey.findMany({
    where: { integrationId },
    orderBy: { createdAt: "desc" },
    select: { id: true, label: true, secretHint: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdBy: { select: { email: true } } },
  });
  const now = new Date();
  return rows.map((k) => ({ ...k, state: keyState(k, now) }));
}
export type KeyRow = Awaited<ReturnType<typeof listKeys>>[number];

/** Every key across integrations, for the API keys overview. */
export async function listAllKeys() {
  const rows = await prisma().apiKey.findMany({
    orderBy: [{ integration: { name: "asc" } }, { createdAt: "desc" }],
    select: { id: true, label: true, secretHint: true, createdAt: true, lastUsedAt: true, revokedAt: true, integration: { select: { id: true, name: true, active: true } } },
  });
  const now = new Date();
  return rows.map((k) => ({ ...k, state: keyState(k, now) }));
}
