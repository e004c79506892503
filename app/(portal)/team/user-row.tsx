"use client";
import { useActionState } from "react";
import { changeRoleAction, resetPasswordAction, resetTwoFactorAction, setDisabledAction, type CredentialResult } from "./actions";
import { Button } from "@/components/ui/button";
import { ConfirmSubmit } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form-message";
import { inputClass } from "@/components/ui/field";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { CredentialCard } from "./credential-card";
import type { FormState } from "@/lib/actions/form-state";

interface UserView {
  id: string;
  name: string;
  email: string;
  role: string;
  disabled: boolean;
  locked: boolean;
  twoFactor: boolean;
  lastSignInAt: string | null;
  linkExpiresAt: string | null;
}

export function UserRow({ user, isMe }: { user: UserView; isMe: boolean }) {
  const [roleState, roleAction, rolePending] = useActionState<FormState, FormData>(changeRoleAction, { ok: false });
  const [disState, disAction, disPending] = useActionState<FormState, FormData>(setDisabledAction, { ok: false });
  const [resetState, resetAction, resetPending] = useActionState<FormState<CredentialResult>, FormData>(resetPasswordAction, { ok: false });
  const [tfState, tfAction, tfPending] = useActionState<FormState, FormData>(resetTwoFactorAction, { ok: false });
  return (
    <li className="space-y-2 border-t border-slate-200 py-3 first:border-t-0 dark:border-slate-800" data-user={user.email}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{user.name}</span>
        <span className="text-sm text-slate-500 dark:text-slate-400">{user.email}</span>
        <Badge tone={user.role === "admin" ? "blue" : "slate"}>{user.role}</Badge>
        {user.disabled && <Badge tone="red">disabled</Badge>}
        {user.locked && <Badge tone="amber">locked</Badge>}
        {user.twoFactor && <Badge tone="blue">2FA</Badge>}
        {isMe && <Badge>you</Badge>}
      </div>
      <div className="text-xs text-slate-500 dark:text-slate-400">
        Last sign-in <LocalTime value={user.lastSignInAt} empty="never" />
        {user.linkExpiresAt && (
          <>
            {" "}
            · set-password link open until <LocalTime value={user.linkExpiresAt} />
          </>
        )}
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <form action={roleAction} className="flex items-end gap-2">
          <input type="hidden" name="userId" value={user.id} />
          <label className="sr-only" htmlFor={`role-${user.id}`}>
            Role of {user.email}
          </label>
          <select id={`role-${user.id}`} name="role" defaultValue={user.role} className={`${inputClass} w-auto`}>
            <option value="admin">Admin</option>
            <option value="operator">Operator</option>
            <option value="reviewer">Reviewer</option>
          </select>
          <Button type="submit" variant="secondary" className="whitespace-nowrap" disabled={rolePending}>
            Change role
          </Button>
        </form>
        <form action={disAction}>
          <input type="hidden" name="userId" value={user.id} />
          <input type="hidden" name="disabled" value={user.disabled ? "false" : "true"} />
          {user.disabled ? (
            <Button type="submit" variant="secondary" disabled={disPending}>
              Enable
            </Button>
          ) : (
            <ConfirmSubmit
              disabled={disPending}
              title={`Disable ${user.name}?`}
              body={`${user.email} is signed out at once and can no longer sign in. Their entries in the audit log stay; you can enable them again.`}
              confirmLabel="Disable user"
            >
              Disable
            </ConfirmSubmit>
          )}
        </form>
        <form action={resetAction} className="flex items-end gap-2">
          <input type="hidden" name="userId" value={user.id} />
          <label className="sr-only" htmlFor={`cred-${user.id}`}>
            Reset with
          </label>
          <select id={`cred-${user.id}`} name="credential" defaultValue="link" className={`${inputClass} w-auto`}>
            <option value="link">Link</option>
            <option value="password">One-time password</option>
          </select>
          <Button type="submit" variant="secondary" className="whitespace-nowrap" disabled={resetPending}>
            Reset password
          </Button>
        </form>
        {user.twoFactor && (
          <form action={tfAction}>
            <input type="hidden" name="userId" value={user.id} />
            <Button type="submit" variant="secondary" className="whitespace-nowrap" disabled={tfPending} aria-label={`Reset two-factor of ${user.email}`}>
              Reset two-factor
            </Button>
          </form>
        )}
      </div>
      <FormMessage state={roleState} />
      <FormMessage state={disState} />
      <FormMessage state={tfState} />
      {!resetState.ok && <FormMessage state={resetState} />}
      {resetState.ok && resetState.result && <CredentialCard r={resetState.result} />}
    </li>
  );
}
