import { requirePage } from "@/lib/auth/current-user";
import { PasswordForm } from "./password-form";

export const metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const user = await requirePage();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Change password</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">For {user.email}.</p>
      </div>
      <PasswordForm />
    </div>
  );
}
