import Link from "next/link";
import { requirePage } from "@/lib/auth/current-user";
import { listIntegrationChoices } from "@/lib/sessions/list-sessions";
import { config } from "@/lib/config";
import { BULK_MAX_BYTES, BULK_MAX_ROWS } from "@/lib/validation/bulk-upload";
import { BulkUpload } from "@/components/sessions/bulk-upload";
import { AddVerification } from "./add-verification-form";

export const metadata = { title: "Add Verification" };

const tabClass = (on: boolean) =>
  `rounded-md px-3 py-1.5 text-sm font-medium ${on ? "bg-white shadow-sm dark:bg-slate-800" : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"}`;

export default async function AddVerificationPage({ searchParams }: { searchParams: Promise<{ mode?: string }> }) {
  await requirePage("sessions.create");
  const bulk = (await searchParams).mode === "csv";
  const integrations = await listIntegrationChoices();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Add Verification</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {bulk
            ? "Creates one session per row of a CSV file through the API with the integration's key, at the integration's rate cap, then gives you the links and QR codes."
            : "Creates a session through the API with the integration's key, then gives you its link and QR code."}
        </p>
      </div>
      <nav aria-label="How to add" className="inline-flex gap-1 rounded-lg bg-slate-100 p-1 dark:bg-slate-900">
        <Link href="/sessions/new" className={tabClass(!bulk)} aria-current={!bulk ? "page" : undefined}>
          One person
        </Link>
        <Link href="/sessions/new?mode=csv" className={tabClass(bulk)} aria-current={bulk ? "page" : undefined}>
          Upload CSV
        </Link>
      </nav>
      {integrations.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-6 text-sm dark:border-slate-700">There is no integration yet: an admin creates one under Integrations.</p>
      ) : bulk ? (
        <BulkUpload integrations={integrations} emailConfigured={config().smtp !== null} maxRows={BULK_MAX_ROWS} maxMb={BULK_MAX_BYTES / 1024 / 1024} />
      ) : (
        <AddVerification integrations={integrations} />
      )}
    </div>
  );
}
