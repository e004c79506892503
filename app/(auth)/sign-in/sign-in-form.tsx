"use client";
import { useState } from "react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

const messages: Record<string, string> = {
  CredentialsSignin: "The e-mail or password is wrong.",
  locked: "Too many failed attempts: this account is locked for 15 minutes.",
  disabled: "This account is disabled. Ask an administrator.",
};

export function SignInForm({ initialError }: { initialError?: string }) {
  const [error, setError] = useState(initialError ? (messages[initialError] ?? "Sign-in failed.") : "");
  const [pending, setPending] = useState(false);
  const [email, setEmail] = useState("");
  const router = useRouter();

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError("");
    const form = new FormData(e.currentTarget);
    const res = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    if (res?.ok && !res.error) {
      router.replace("/");
      router.refresh();
      return;
    }
    setPending(false);
    setError(messages[res?.error ?? ""] ?? "Sign-in failed. Try again.");
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {error && (
        <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </div>
      )}
      <Field label="Email" name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
