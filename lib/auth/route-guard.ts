import "server-only";
import { ForbiddenError, requirePermission, type CurrentUser } from "./current-user.ts";
import type { Permission } from "./permissions.ts";

/** For route handlers: the user, or the 401/403 response to send instead. */
export async function guardRoute(permission: Permission): Promise<{ user: CurrentUser } | { response: Response }> {
  try {
    return { user: await requirePermission(permission) };
  } catch (e) {
    if (!(e instanceof ForbiddenError)) throw e;
    const signedOut = /sign in/.test(e.message);
    return { response: Response.json({ error: e.message }, { status: signedOut ? 401 : 403 }) };
  }
}
