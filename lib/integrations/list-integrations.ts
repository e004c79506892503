import "server-only";
import { prisma } from "../db/index.ts";

export async function listIntegrations() {
  const rows = await prisma().integration.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      environment: true,
      plan: true,
      active: true,
      createdAt: true,
      _count: { select: { apiKeys: { where: { OR: [{ revokedAt: null }, { revokedAt: { gt: new Date() } }] } } } },
    },
  });
  return rows.map((r) => ({ ...r, plan: r.plan === "self_serve" ? ("self-serve" as const) : ("enterprise" as const), validKeys: r._count.apiKeys }));
}

export async function getIntegration(id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const r = await prisma().integration.findUnique({
    where: { id },
    select: { id: true, name: true, environment: true, plan: true, active: true, callbackUrl: true, decisionWebhookUrl: true, eventWebhookUrl: true, reviewEnabled: true, rateCap: true, autoDecide: true, engineSettings: true, createdAt: true },
  });
  return r && { ...r, plan: r.plan === "self_serve" ? ("self-serve" as const) : ("enterprise" as const) };
}
