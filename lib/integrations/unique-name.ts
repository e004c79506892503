import type { Prisma } from "../generated/prisma/client.ts";
import { DomainError } from "../errors.ts";

/**
 * Refuses a name another integration already has (case-insensitive: "Acme" and "acme" look the
 * same in every list). Existing databases may hold duplicates from before this rule, so there is
 * no unique index; the transaction-scoped advisory lock makes concurrent creates and renames
 * check one after the other.
 */
export async function assertIntegrationNameFree(tx: Prisma.TransactionClient, name: string, exceptId?: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('checkpoint.integration_name'))`;
  const taken = await tx.integration.findFirst({
    where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (taken) throw new DomainError("name_taken", `Another integration is already called "${name}". Choose another name.`, { field: "name" });
}
