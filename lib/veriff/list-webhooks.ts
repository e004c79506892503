import "server-only";
import { prisma } from "../db/index.ts";

/** The latest webhooks received for an integration, refused ones included (a wrong secret shows here first). */
export async function recentVeriffWebhooks(integrationId: string, take = 10) {
  const rows = await prisma().veriffWebhook.findMany({
    where: { integrationId },
    orderBy: { receivedAt: "desc" },
    take,
    select: { id: true, sessionId: true, kind: true, verdict: true, detail: true, receivedAt: true },
  });
  return rows.map((r) => ({ ...r, id: String(r.id) }));
}
