import { prisma } from "../db/index.ts";
import { reasonText } from "./codes.ts";
import { sessionLink } from "./token.ts";
import { isUuid } from "../validation/uuid.ts";

/** Everything the session page shows, media without their bytes. */
export async function getSessionDetail(id: string) {
  if (!isUuid(id)) return null;
  const s = await prisma().verificationSession.findUnique({
    where: { id },
    include: {
      integration: { select: { id: true, name: true, environment: true, reviewEnabled: true, active: true, provider: true } },
      veriffWebhooks: { orderBy: { receivedAt: "desc" }, take: 50 },
      veriffSync: { include: { attempts: { orderBy: { startedAt: "desc" }, take: 10 } } },
      createdBy: { select: { name: true, email: true } },
      assignedTo: { select: { id: true, name: true } },
      comments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, decisionId: true, authorName: true, body: true, createdAt: true } },
      redactions: { orderBy: { createdAt: "asc" }, select: { reason: true, removed: true, actorLabel: true, createdAt: true } },
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      decisions: { orderBy: { createdAt: "asc" }, include: { decidedByUser: { select: { name: true, email: true } } } },
      attempts: {
        orderBy: { number: "asc" },
        include: {
          media: { orderBy: { createdAt: "asc" }, select: { id: true, context: true, mimetype: true, name: true, size: true, createdAt: true } },
          engineJob: { select: { state: true, outcome: true, attemptCount: true, lastError: true, runAfter: true, createdAt: true, startedAt: true, finishedAt: true, report: true } },
        },
      },
      deliveries: {
        orderBy: { createdAt: "desc" },
        select: {
          id: true,
          kind: true,
          url: true,
          state: true,
          attemptCount: true,
          nextAttemptAt: true,
          lastStatusCode: true,
          lastError: true,
          deliveredAt: true,
          createdAt: true,
          attempts: { orderBy: { startedAt: "asc" }, select: { id: true, startedAt: true, durationMs: true, statusCode: true, error: true, responseExcerpt: true } },
        },
      },
    },
  });
  if (!s) return null;
  const url = sessionLink(s);
  const latest = s.decisions[s.decisions.length - 1] ?? null;
  const now = Date.now();
  // Names of the users in the timeline (events keep the id and the e-mail at the time).
  const userIds = [...new Set(s.events.map((e) => e.actorType === "user" && e.actorId).filter((x): x is string => !!x && isUuid(x)))];
  const users = userIds.length ? await prisma().user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [];
  const userNames = Object.fromEntries(users.map((u) => [u.id, u.name]));
  return {
    userNames,
    ...s,
    attempts: s.attempts.map((a) => ({ ...a, engineJob: a.engineJob && { ...a.engineJob, waitingForTestPanel: a.engineJob.state === "pending" && a.engineJob.attemptCount === 0 && a.engineJob.runAfter.getTime() > now } })),
    url,
    linkExpired: s.expiresAt.getTime() < Date.now(),
    latestDecision: latest ? { ...latest, reason: latest.reason ?? reasonText(latest.reasonCode) } : null,
  };
}
export type SessionDetail = NonNullable<Awaited<ReturnType<typeof getSessionDetail>>>;
