import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "./options.ts";
import { prisma } from "../db/index.ts";
import { can, type Permission } from "./permissions.ts";
import { rolesRequiringTwoFactor } from "./two-factor.ts";
import { DomainError, forbidden, unauthenticated } from "../errors.ts";
import { headers } from "next/headers";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: "admin" | "operator" | "reviewer";
  sessionVersion: number;
  twoFactor: boolean;
  /** What the user must do before anything else: choose a password (after a one-time one) or enrol in 2FA. */
  pending: "password" | "two_factor" | null;
}

/** Where a pending user is sent, and the pages and actions that stay open to them. */
export const PENDING_PAGE = { password: "/account/password", two_factor: "/account/two-factor" } as const;

/**
 * The signed-in user, read again from the database on every request so that a disabled
 * account, a changed role or an ended session (session version) takes effect at once,
 * whatever the sign-in cookie says.
 */
export async function currentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(authOptions);
  const u = session?.user as { id?: string; sv?: number; mfa?: boolean } | undefined;
  if (!u?.id) return null;
  const user = await prisma().user.findUnique({
    where: { id: u.id },
    select: { id: true, email: true, name: true, role: true, disabled: true, sessionVersion: true, mustChangePassword: true, totpSecret: true },
  });
  if (!user || user.disabled || user.sessionVersion !== (u.sv ?? 0)) return null;
  let pending: CurrentUser["pending"] = null;
  if (user.mustChangePassword) pending = "password";
  // A single sign-on whose provider used more than one factor (lib/auth/sso.ts) meets the policy.
  else if (!user.totpSecret && !u.mfa && (await rolesRequiringTwoFactor()).includes(user.role)) pending = "two_factor";
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion, twoFactor: !!user.totpSecret, pending };
}

export interface GateOptions {
  /** This page or action is the one a user with this pending step is sent to ("any": the portal layout). */
  allowPending?: CurrentUser["pending"] | "any";
}

/** For pages: sends a visitor to sign in, a pending user to what they must do first, and a user without the permission to a 403 page. */
export async function requirePage(permission?: Permission, opts: GateOptions = {}): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  if (user.pending && opts.allowPending !== "any" && opts.allowPending !== user.pending) redirect(PENDING_PAGE[user.pending]);
  if (permission && !can(user.role, permission)) redirect("/forbidden");
  return user;
}

/**
 * For the portal layout: the gates of requirePage that do not depend on the page (signed in;
 * a pending user on any other page than their pending step's is sent there). The layout renders
 * before the page's loading boundary, so these are real redirects (307), not streamed ones.
 * The path comes from server.ts (`x-checkpoint-path`); without it each page still gates itself.
 */
export async function requirePortal(): Promise<CurrentUser> {
  const path = (await headers()).get("x-checkpoint-path");
  const here = (Object.entries(PENDING_PAGE) as [NonNullable<CurrentUser["pending"]>, string][]).find(([, page]) => page === path)?.[0];
  return requirePage(undefined, { allowPending: path ? (here ?? null) : "any" });
}

/** For server actions and route handlers: throws unless signed in with the permission and nothing pending. */
export async function requirePermission(permission: Permission, opts: GateOptions = {}): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) throw unauthenticated();
  if (user.pending && opts.allowPending !== "any" && opts.allowPending !== user.pending) {
    throw user.pending === "password"
      ? new DomainError("password_change_required", "Choose a new password first (Account → Change password).", { httpStatus: 403 })
      : new DomainError("two_factor_required", "Set up two-factor authentication first (Account → Two-factor authentication).", { httpStatus: 403 });
  }
  if (!can(user.role, permission)) throw forbidden();
  return user;
}
