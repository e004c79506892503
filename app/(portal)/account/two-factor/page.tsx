import { requirePage } from "@/lib/auth/current-user";
import { pendingTotp } from "@/lib/auth/two-factor";
import { TwoFactorSetup } from "@/components/account/two-factor-setup";
import { beginTotpAction, confirmTotpAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Two-factor authentication" };

export default async function TwoFactorPage() {
  const user = await requirePage(undefined, { allowPending: "two_factor" });
  const pending = user.twoFactor ? null : await pendingTotp(user.id);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Two-factor authentication</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">For {user.email}.</p>
      </div>
      {user.pending === "two_factor" && (
        <p role="status" className="max-w-xl rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          Your role requires two-factor authentication. Set it up to continue.
        </p>
      )}
      <TwoFactorSetup enabled={user.twoFactor} pending={pending} begin={beginTotpAction} confirm={confirmTotpAction} />
    </div>
  );
}
