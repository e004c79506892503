import { prisma } from "../db/index.ts";
import { recordAudit, type Actor } from "../audit/record.ts";

/**
 * Ends every sign-in session of a user at once: the session version in each cookie no longer
 * matches the user's (lib/auth/current-user.ts reads it on every request).
 */
export async function endAllSessions(userId: string, actor: Actor, action = "user.sign_out_everywhere"): Promise<void> {
  await prisma().$transaction(async (tx) => {
    const n = await tx.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    if (n.count) await recordAudit(tx, actor, action, { type: "user", id: userId });
  });
}
