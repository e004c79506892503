import type pg from "pg";
import type { Prisma } from "../generated/prisma/client.ts";

export interface Actor {
  id?: string | null;
  /** e-mail of the user, or "cli", "system", "setup". */
  label: string;
  ip?: string | null;
}

export const cliActor: Actor = { label: "cli" };
export const systemActor: Actor = { label: "system" };

/** The transaction the change was made in: a Prisma transaction client or a pg client (both hold one). */
export type AuditTx = Pick<Prisma.TransactionClient, "auditLog"> | Pick<pg.ClientBase, "query">;

/**
 * Writes an audit row; call it inside the transaction that made the change. The one writer of
 * audit_logs, but for the batched session create (lib/sessions/create-session.ts), whose rows,
 * events and audit rows are one statement for the whole batch; its rows take the same shape.
 */
export async function recordAudit(
  tx: AuditTx,
  actor: Actor,
  action: string,
  target: { type?: string; id?: string | null } = {},
  change: { before?: unknown; after?: unknown } = {},
) {
  const row = {
    actorId: actor.id ?? null,
    actorLabel: actor.label,
    ip: actor.ip ?? null,
    action,
    targetType: target.type ?? null,
    targetId: target.id ?? null,
    before: change.before ?? null,
    after: change.after ?? null,
  };
  if ("auditLog" in tx) {
    await tx.auditLog.create({
      data: { ...row, before: (row.before ?? undefined) as Prisma.InputJsonValue | undefined, after: (row.after ?? undefined) as Prisma.InputJsonValue | undefined },
    });
    return;
  }
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  await tx.query(
    `INSERT INTO audit_logs (actor_id, actor_label, action, target_type, target_id, ip, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [row.actorId, row.actorLabel, row.action, row.targetType, row.targetId, row.ip, json(row.before), json(row.after)],
  );
}

