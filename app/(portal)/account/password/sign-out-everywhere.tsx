"use client";
import { useActionState, useEffect } from "react";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormAction, FormState } from "@/lib/actions/form-state";

export function SignOutEverywhere({ action }: { action: FormAction }) {
  const [state, run, pending] = useActionState<FormState, FormData>(action, { ok: false });
  useEffect(() => {
    if (state.ok) void signOut({ callbackUrl: "/sign-in" });
  }, [state.ok]);
  return (
    <section className="max-w-md space-y-2">
      <h2 className="text-lg font-semibold">Sessions</h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">Signs you out on every device and browser, this one included.</p>
      <form action={run}>
        <FormMessage state={state} />
        <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Signing out…" : "Sign out everywhere"}</Button>
      </form>
    </section>
  );
}
