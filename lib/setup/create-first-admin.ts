import { z } from "zod";
import { prisma } from "../db/index.ts";
import { hashPassword } from "../auth/password.ts";
import { recordAudit } from "../audit/record.ts";
import { createUserInput, password } from "../validation/user.ts";
import { DomainError } from "../errors.ts";

export const firstAdminInput = createUserInput
  .pick({ email: true, name: true })
  .extend({ password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "The passwords do not match.", path: ["confirm"] });

/** Creates the first admin, once: the setup claim and the user are one transaction. */
export async function createFirstAdmin(input: z.input<typeof firstAdminInput>, ip: string | null) {
  const data = firstAdminInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  return prisma().$transaction(async (tx) => {
    const claimed = await tx.setting.createMany({ data: [{ key: "setup.completed", value: new Date().toISOString() }], skipDuplicates: true });
    // As setupComplete(): done once claimed, or once any admin exists (one made with the CLI too).
    if (claimed.count === 0 || (await tx.user.count({ where: { role: "admin" } })) > 0) throw new DomainError("setup_done", "Setup is already complete: sign in instead.");
    const user = await tx.user.create({ data: { email: data.email, name: data.name, role: "admin", passwordHash }, select: { id: true, email: true } });
    await recordAudit(tx, { id: user.id, label: "setup", ip }, "setup.first_admin", { type: "user", id: user.id }, { after: { email: user.email, role: "admin" } });
    return user;
  });
}
