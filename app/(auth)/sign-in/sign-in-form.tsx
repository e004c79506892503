"use client";
import { useState } from "react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

const messages: Record<string, string> = {
  CredentialsSignin: "The e-mail or password is wrong.",
  locked: "Too many attempts: sign-in is locked for a while. Try again later, or ask an administrator for a set-password link.",
  disabled: "This account is disabled. Ask an administrator.",
  sso_unverified: "Your sign-in provider has not verified your e-mail address, so it cannot name a Checkpoint account. Verify it there, or sign in with your password.",
  sso_unknown: "No Checkpoint account has the e-mail address your sign-in provider gave. Ask an administrator to add you.",
  sso_disabled: "This account is disabled. Ask an administrator.",
  sso_two_factor: "Your account uses two-factor authentication and your sign-in provider did not: sign in with your password and authentication code.",
  OAuthSignin: "The sign-in provider could not be reached. Try again, or sign in with your password.",
  OAuthCallback: "The sign-in provider's answer could not be checked. Try again, or sign in with your password.",
};

export function SignInForm({ initialError, sso }: { initialError?: string; sso: { id: string; name: string } | null }) {
  const [error, setError] = useState(initialError ? (messages[initialError] ?? "Sign-in failed.") : "");
  const [pending, setPending] = useState(false);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  // Second step: the password was right, now the code from the authenticator app (or a recovery code).
  const [needsCode, setNeedsCode] = useState(false);
  const router = useRouter();

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError("");
    const form = new FormData(e.currentTarget);
    const res = await signIn("credentials", { email, password, otp: needsCode ? String(form.get("otp") ?? "") : "", redirect: false });
    if (res?.ok && !res.error) {
      router.replace("/");
      router.refresh();
      return;
    }
    setPending(false);
    if (res?.error === "otp_required") {
      setNeedsCode(true);
      return;
    }
    if (needsCode && res?.error === "CredentialsSignin") {
      setError("That code is not right. Enter the current code from your authenticator app, or a recovery code.");
      return;
    }
    setNeedsCode(false);
    setError(messages[res?.error ?? ""] ?? "Sign-in failed. Try again.");
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {error && (
        <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </div>
      )}
      {needsCode ? (
        <>
          <p className="text-sm text-slate-600 dark:text-slate-400">Enter the 6-digit code from your authenticator app for {email}, or one of your recovery codes.</p>
          <Field label="Authentication code" name="otp" autoComplete="one-time-code" inputMode="text" autoFocus required />
        </>
      ) : (
        <>
          <Field label="Email" name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
          <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </>
      )}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : needsCode ? "Verify" : "Sign in"}
      </Button>
      {sso && !needsCode && (
        <>
          <p className="text-center text-xs text-slate-500 dark:text-slate-400">or</p>
          <Button type="button" variant="secondary" className="w-full" disabled={pending} onClick={() => (setPending(true), signIn(sso.id, { callbackUrl: "/" }))}>
            Sign in with {sso.name}
          </Button>
        </>
      )}
    </form>
  );
}
