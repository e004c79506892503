import type { Prisma } from "../generated/prisma/client.ts";

export interface Actor {
  id?: string | null;
  /** e-mail of the user, or "cli", "system", "setup". */
  label: string;
  ip?: string | null;
}

export const cliActor: Actor = { label: "cli" };
export const systemActor: Actor = { label: "system" };

type Tx = Pick<Prisma.TransactionClient, "auditLog">;

/** Writes an audit row; call it inside the transaction that made the change. */
export async function recordAudit(
  tx: Tx,
  actor: Actor,
  action: string,
  target: { type?: string; id?: string | null } = {},
  change: { before?: unknown; after?: unknown } = {},
) {
  await tx.auditLog.create({
    data: {
      actorId: actor.id ?? null,
      actorLabel: actor.label,
      ip: actor.ip ?? null,
      action,
      targetType: target.type ?? null,
      targetId: target.id ?? null,
      before: (change.before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (change.after ?? undefined) as Prisma.InputJsonValue | undefined,
    },
  });
}
