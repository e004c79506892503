import Link from "next/link";
import { requirePage } from "@/lib/auth/current-user";
import { PasswordForm } from "./password-form";
import { SignOutEverywhere } from "./sign-out-everywhere";
import { changePasswordAction, signOutEverywhereAction } from "./actions";

export const metadata = { title: "Account" };

export default async function ChangePasswordPage() {
  const user = await requirePage(undefined, { allowPending: "password" });
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Change password</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">For {user.email}.</p>
      </div>
      {user.pending === "password" && (
        <p role="status" className="max-w-md rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          You signed in with a one-time password. Choose your own password to continue.
        </p>
      )}
      <PasswordForm action={changePasswordAction} />
      {!user.pending && (
        <>
          <section className="max-w-md space-y-2">
            <h2 className="text-lg font-semibold">Two-factor authentication</h2>
            <p className="text-sm text-slate-600 dark:text-slate-400">{user.twoFactor ? "On: sign-in asks for a code from your authenticator app." : "Off."}</p>
            <Link href="/account/two-factor" className="text-sm font-medium text-blue-700 underline dark:text-blue-300">
              {user.twoFactor ? "Manage two-factor authentication" : "Set up two-factor authentication"}
            </Link>
          </section>
          <SignOutEverywhere action={signOutEverywhereAction} />
        </>
      )}
    </div>
  );
}
