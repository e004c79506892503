import { prisma } from "../db/index.ts";
import { generatePassword, hashPassword } from "../auth/password.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { createUserInput, type CreateUserInput } from "../validation/user.ts";
import { DomainError } from "../errors.ts";

export async function createUser(input: CreateUserInput, actor: Actor) {
  const data = createUserInput.parse(input);
  const password = data.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  return prisma().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: data.email }, select: { id: true } });
    if (existing) throw new DomainError("user_exists", `A user with the e-mail ${data.email} already exists.`, "email");
    const user = await tx.user.create({
      data: { email: data.email, name: data.name, role: data.role, passwordHash },
      select: { id: true, email: true, name: true, role: true },
    });
    await recordAudit(tx, actor, "user.create", { type: "user", id: user.id }, { after: { email: user.email, name: user.name, role: user.role } });
    return { user, password, generated: data.password === undefined };
  });
}
