"use client";
import { useActionState } from "react";
import Link from "next/link";
import { QRCodeSVG } from "qrcode.react";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormAction, FormState } from "@/lib/actions/form-state";

type Enrolment = { secret: string; uri: string };

export function TwoFactorSetup({
  enabled,
  pending,
  begin,
  confirm,
}: {
  enabled: boolean;
  pending: Enrolment | null;
  begin: FormAction<Enrolment>;
  confirm: FormAction<{ codes: string[] }>;
}) {
  const [started, start, starting] = useActionState<FormState<Enrolment>, FormData>(begin, { ok: false });
  const [confirmed, submit, confirming] = useActionState<FormState<{ codes: string[] }>, FormData>(confirm, { ok: false });
  const enrolment = started.result ?? pending;
  const codes = confirmed.ok ? confirmed.result?.codes : undefined;

  if (codes) {
    return (
      <section className="max-w-xl space-y-3">
        <FormMessage state={confirmed} />
        <h2 className="text-lg font-semibold">Recovery codes</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Each code signs you in once if you lose your phone. Keep them somewhere safe: they are shown only now.
        </p>
        <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-md border border-slate-200 p-3 font-mono text-sm dark:border-slate-700">
          {codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <Link href="/" className="text-sm font-medium text-blue-700 underline dark:text-blue-300">Continue</Link>
      </section>
    );
  }
  if (enabled) {
    return <p className="text-sm">Two-factor authentication is on. If you lose your phone, use a recovery code, or ask an administrator to reset your second factor.</p>;
  }
  if (!enrolment) {
    return (
      <form action={start} className="max-w-xl space-y-3">
        <FormMessage state={started} />
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Sign-in will ask for a 6-digit code from an authenticator app (Google Authenticator, 1Password, Authy…) after your password.
        </p>
        <Button type="submit" disabled={starting}>{starting ? "Preparing…" : "Set up two-factor authentication"}</Button>
      </form>
    );
  }
  const e = confirmed.fieldErrors ?? {};
  return (
    <form action={submit} className="max-w-xl space-y-4" noValidate>
      <FormMessage state={confirmed} />
      <p className="text-sm">1. Scan this QR code with your authenticator app.</p>
      <div className="inline-block rounded-md bg-white p-3">
        <QRCodeSVG value={enrolment.uri} size={192} title="QR code for your authenticator app" />
      </div>
      <p className="text-sm">
        Or enter this key by hand: <code data-testid="totp-secret" className="rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">{enrolment.secret}</code>
      </p>
      <p className="text-sm">2. Enter the code the app shows.</p>
      <Field label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" error={e.code} defaultValue={confirmed.values?.code} required />
      <Button type="submit" disabled={confirming}>{confirming ? "Checking…" : "Turn on"}</Button>
    </form>
  );
}
