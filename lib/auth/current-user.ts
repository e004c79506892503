import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "./options.ts";
import { prisma } from "../db/index.ts";
import { can, type Permission } from "./permissions.ts";
import { forbidden, unauthenticated } from "../errors.ts";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: "admin" | "operator" | "reviewer";
}

/**
 * The signed-in user, read again from the database on every request so that a disabled
 * account or a changed role takes effect at once, whatever the sign-in cookie says.
 */
export async function currentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await prisma().user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true, disabled: true } });
  if (!user || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** For pages: sends a visitor to sign in, and a user without the permission to a 403 page. */
export async function requirePage(permission?: Permission): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  if (permission && !can(user.role, permission)) redirect("/forbidden");
  return user;
}

/** For server actions and route handlers: throws unless signed in with the permission. */
export async function requirePermission(permission: Permission): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) throw unauthenticated();
  if (!can(user.role, permission)) throw forbidden();
  return user;
}
