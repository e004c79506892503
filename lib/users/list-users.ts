import "server-only";
import { prisma } from "../db/index.ts";

export async function listUsers() {
  return prisma().user.findMany({
    orderBy: [{ disabled: "asc" }, { name: "asc" }],
    select: { id: true, email: true, name: true, role: true, disabled: true, lastSignInAt: true, createdAt: true, lockedUntil: true, setPasswordExpiresAt: true },
  });
}
