import { prisma } from "../db/index.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { addUserInput, type AddUserInput } from "../validation/user.ts";
import { DomainError } from "../errors.ts";
import { issueCredential } from "./credentials.ts";

export async function addUser(input: AddUserInput, actor: Actor) {
  const data = addUserInput.parse(input);
  const cred = await issueCredential(data.credential);
  return prisma().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: data.email }, select: { id: true } });
    if (existing) throw new DomainError("user_exists", `A user with the e-mail ${data.email} already exists.`, "email");
    const user = await tx.user.create({
      data: { email: data.email, name: data.name, role: data.role, passwordHash: cred.passwordHash, setPasswordTokenHash: cred.tokenHash, setPasswordExpiresAt: cred.expiresAt, mustChangePassword: cred.shown.kind === "password" },
      select: { id: true, email: true, name: true, role: true },
    });
    await recordAudit(tx, actor, "user.create", { type: "user", id: user.id }, { after: { email: user.email, name: user.name, role: user.role, credential: data.credential } });
    return { user, credential: cred.shown };
  });
}
