import "server-only";
import { ZodError } from "zod";
import { DomainError } from "../errors.ts";
import { fieldErrorsOf, issueField } from "../validation/issues.ts";
import { requirePermission, type CurrentUser } from "./current-user.ts";
import type { Permission } from "./permissions.ts";
import type { Actor } from "../audit/record.ts";
import { clientAddress } from "./client-address.ts";

/** For route handlers: the user, or the 401 (signed out) / 403 (not allowed) response to send instead. */
export async function guardRoute(permission: Permission): Promise<{ user: CurrentUser } | { response: Response }> {
  try {
    return { user: await requirePermission(permission) };
  } catch (e) {
    return { response: routeError(e) };
  }
}

/** Route handlers' one mapper: {"error": message, "code", "field"?} with the domain error's HTTP status. */
export function routeError(e: unknown): Response {
  if (e instanceof DomainError) return Response.json({ error: e.message, code: e.code, ...(e.field ? { field: e.field } : {}) }, { status: e.httpStatus, headers: e.headers });
  if (e instanceof ZodError) {
    const issue = e.issues[0];
    return Response.json({ error: issue.message, code: "invalid_input", field: issueField(issue) || undefined, fieldErrors: fieldErrorsOf(e) }, { status: 400 });
  }
  console.error("[route]", e);
  return Response.json({ error: "Something went wrong on our side.", code: "internal" }, { status: 500 });
}

/**
 * A route handler behind a permission, its failures through routeError: the door's body gets the
 * signed-in user as an audit actor and needs no try/catch of its own.
 */
export function guardedRoute<C>(permission: Permission, body: (req: Request, ctx: C, actor: Actor) => Promise<Response>) {
  return async (req: Request, ctx: C): Promise<Response> => {
    const g = await guardRoute(permission);
    if ("response" in g) return g.response;
    try {
      return await body(req, ctx, { id: g.user.id, label: g.user.email, ip: clientAddress(req.headers) });
    } catch (e) {
      return routeError(e);
    }
  };
}
