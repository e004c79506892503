import { requirePage } from "@/lib/auth/current-user";
import { listIntegrationChoices } from "@/lib/sessions/list-sessions";
import { AddVerification } from "./add-verification-form";

export const metadata = { title: "Add Verification" };

export default async function AddVerificationPage() {
  await requirePage("sessions.create");
  const integrations = await listIntegrationChoices();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Add Verification</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">Creates a session through the API with the integration&apos;s key, then gives you its link and QR code.</p>
      </div>
      {integrations.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-6 text-sm dark:border-slate-700">There is no integration yet: an admin creates one under Integrations.</p>
      ) : (
        <AddVerification integrations={integrations} />
      )}
    </div>
  );
}
