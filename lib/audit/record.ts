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

/** The same audit row, written on a pg client that holds the transaction (changes made with SQL rather than Prisma). */
export async function recordAuditOn(
  client: { query: (sql: string, params: unknown[]) => Promise<unknown> },
  actor: Actor,
  action: string,
  target: { type?: string; id?: string | null } = {},
  change: { before?: unknown; after?: unknown } = {},
) {
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  await client.query(
    `INSERT INTO audit_logs (actor_id, actor_label, action, target_type, target_id, ip, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [actor.id ?? null, actor.label, action, target.type ?? null, target.id ?? null, actor.ip ?? null, json(change.before), json(change.after)],
  );
}
