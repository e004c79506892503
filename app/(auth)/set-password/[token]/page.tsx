import Link from "next/link";
import { findSetPasswordToken } from "@/lib/users/set-password";
import { SetPasswordForm } from "./set-password-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Choose a password", referrer: "no-referrer" };

export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await findSetPasswordToken(token);
  if (!user) {
    return (
      <>
        <h1 className="text-xl font-semibold">This link no longer works</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">It has expired or was already used. Ask an administrator for a new link.</p>
        <Link href="/sign-in" className="mt-4 inline-block text-sm text-brand-600 underline">
          Go to sign in
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">Choose a password</h1>
      <p className="mt-1 mb-5 text-sm text-slate-600 dark:text-slate-400">
        For {user.name} ({user.email}). This link works once.
      </p>
      <SetPasswordForm token={token} />
    </>
  );
}
