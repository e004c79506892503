import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { requirePermission, type CurrentUser, type GateOptions } from "../auth/current-user.ts";
import type { Permission } from "../auth/permissions.ts";
import type { Actor } from "../audit/record.ts";
import { clientAddress } from "../auth/client-address.ts";
import { failure, formValues, plainIssue, type FormAction, type FormState } from "./form-state.ts";

export interface ActionContext<U extends CurrentUser | null = CurrentUser> {
  /** The signed-in user; null only for the public actions (first-run setup, set-password link). */
  user: U;
  actor: Actor;
  ip: string | null;
  /** What the user typed, secrets left out: hand it back to keep the form filled. */
  values: Record<string, string>;
}

/** What an action's body returns on success; `ok` defaults to true. A body may also redirect(). */
export type ActionOutcome<R> = Omit<FormState<R>, "ok"> & { ok?: boolean };

/**
 * The one way into a server action (dub's authActionClient, next-safe-action): the signed-in
 * user's permission from lib/auth/permissions.ts first, then the form parsed by the action's zod
 * schema, then the body; every failure is mapped once (failure()) without losing what was typed.
 * `input` shapes the form's fields for the schema when they are not the schema's own.
 */
export function formAction<P extends Permission | "public", S extends z.ZodType, R>(
  opts: { permission: P; schema: S; input?: (values: Record<string, string>) => unknown; allowPending?: GateOptions["allowPending"] },
  body: (input: z.output<S>, ctx: ActionContext<P extends "public" ? null : CurrentUser>) => Promise<ActionOutcome<R>>,
): FormAction<R> {
  type Ctx = ActionContext<P extends "public" ? null : CurrentUser>;
  return async (_prev, form) => {
    const values = formValues(form, { echo: true });
    try {
      // The socket's peer, or the right-most untrusted X-Forwarded-For hop behind TRUSTED_PROXIES.
      const ip = clientAddress(await headers());
      const permission: Permission | "public" = opts.permission;
      const user = permission === "public" ? null : await requirePermission(permission, { allowPending: opts.allowPending });
      const raw = formValues(form);
      const input = opts.schema.parse(opts.input ? opts.input(raw) : raw, { error: plainIssue });
      const actor: Actor = user ? { id: user.id, label: user.email, ip } : { id: null, label: "anonymous", ip };
      const out = await body(input, { user, actor, ip, values } as Ctx);
      return { ok: true, ...out };
    } catch (e) {
      unstable_rethrow(e);
      return failure(e, values);
    }
  };
}
