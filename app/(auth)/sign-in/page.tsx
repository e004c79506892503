import { redirect } from "next/navigation";
import { setupComplete } from "@/lib/setup/first-run";
import { currentUser } from "@/lib/auth/current-user";
import { oidcSettings } from "@/lib/config";
import { OIDC_PROVIDER_ID } from "@/lib/auth/options";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; setup?: string; password?: string; callbackUrl?: string }> }) {
  if (!(await setupComplete())) redirect("/setup");
  if (await currentUser()) redirect("/");
  const sp = await searchParams;
  const oidc = oidcSettings();
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-5 text-sm text-slate-600 dark:text-slate-400">Use the e-mail and password your administrator gave you.</p>
      {sp.setup === "done" && (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
          Administrator created. Sign in to continue.
        </p>
      )}
      {sp.password === "set" && (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
          Password set. Sign in with your new password.
        </p>
      )}
      <SignInForm initialError={sp.error} sso={oidc ? { id: OIDC_PROVIDER_ID, name: oidc.name } : null} />
    </>
  );
}
