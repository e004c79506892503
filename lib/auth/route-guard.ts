import "server-only";
import { DomainError } from "../errors.ts";
import { requirePermission, type CurrentUser } from "./current-user.ts";
import type { Permission } from "./permissions.ts";

/** For route handlers: the user, or the 401 (signed out) / 403 (not allowed) response to send instead. */
export async function guardRoute(permission: Permission): Promise<{ user: CurrentUser } | { response: Response }> {
  try {
    return { user: await requirePermission(permission) };
  } catch (e) {
    return { response: routeError(e) };
  }
}

/** Route handlers' one mapper: {"error": message} with the domain error's HTTP status. */
export function routeError(e: unknown): Response {
  if (e instanceof DomainError) return Response.json({ error: e.message, code: e.code }, { status: e.httpStatus, headers: e.headers });
  console.error("[route]", e);
  return Response.json({ error: "Something went wrong on our side.", code: "internal" }, { status: 500 });
}
