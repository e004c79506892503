import "server-only";
import { prisma } from "../db/index.ts";
import { isUuid } from "../validation/uuid.ts";
import { validKeyWhere } from "../keys/key-validity.ts";
import { planFromDb } from "./plan.ts";
import { integrationSettingsSelect } from "./settings-select.ts";

export async function listIntegrations() {
  const rows = await prisma().integration.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      environment: true,
      plan: true,
      active: true,
      provider: true,
      createdAt: true,
      _count: { select: { apiKeys: { where: validKeyWhere() } } },
    },
  });
  return rows.map((r) => ({ ...r, plan: planFromDb(r.plan), validKeys: r._count.apiKeys }));
}

export async function getIntegration(id: string) {
  if (!isUuid(id)) return null;
  const r = await prisma().integration.findUnique({
    where: { id },
    select: { ...integrationSettingsSelect, veriffSecretHint: true, createdAt: true },
  });
  return r && { ...r, plan: planFromDb(r.plan) };
}
