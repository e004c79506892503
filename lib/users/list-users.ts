import "server-only";
import { prisma } from "../db/index.ts";
import { emailKey } from "../auth/throttle.ts";

/** The team, with whether each account is locked from signing in (from some address or everywhere) and has 2FA. */
export async function listUsers() {
  const users = await prisma().user.findMany({
    orderBy: [{ disabled: "asc" }, { name: "asc" }],
    select: { id: true, email: true, name: true, role: true, disabled: true, lastSignInAt: true, createdAt: true, setPasswordExpiresAt: true, totpEnabledAt: true },
  });
  const locks = await prisma().$queryRaw<{ key: string }[]>`SELECT key FROM sign_in_throttle WHERE locked_until > now() AND (key LIKE 'a:%' OR key LIKE 'aa:%')`;
  const locked = new Set(locks.map((l) => l.key.split(":")[1]));
  return users.map((u) => ({ ...u, locked: locked.has(emailKey(u.email)), twoFactor: !!u.totpEnabledAt }));
}
