import Link from "next/link";
import { requirePage } from "@/lib/auth/current-user";
import { listIntegrations } from "@/lib/integrations/list-integrations";
import { appUrl } from "@/lib/config";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader, cardClass } from "@/components/ui/page";
import { Badge } from "@/components/ui/badge";

export const metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  await requirePage("integrations.read");
  const integrations = await listIntegrations();
  return (
    <div className="max-w-4xl">
      <PageHeader
        title="Integrations"
        description={
          <>
            API base URL: <code className="font-mono">{appUrl()}</code>
          </>
        }
        actions={
          <Link href="/integrations/new" className={buttonClass()}>
            New integration
          </Link>
        }
      />
      {integrations.length === 0 ? (
        <EmptyState>No integrations yet. Create one to get an API key.</EmptyState>
      ) : (
        <ul className="space-y-3">
          {integrations.map((i) => (
            <li key={i.id} className={cardClass}>
              <div className="flex flex-wrap items-center gap-2">
                <Link href={`/integrations/${i.id}`} className="font-medium text-brand-600 hover:underline dark:text-brand-400">
                  {i.name}
                </Link>
                <Badge tone={i.environment === "live" ? "blue" : "slate"}>{i.environment}</Badge>
                <Badge>{i.plan}</Badge>
                <Badge tone={i.provider === "veriff" ? "blue" : "slate"}>{i.provider === "veriff" ? "provider: Veriff" : "provider: Checkpoint"}</Badge>
                {i.active ? <Badge tone="green">active</Badge> : <Badge tone="red">inactive</Badge>}
              </div>
              <div className="mt-1 font-mono text-xs break-all text-slate-600 dark:text-slate-400">Integration id {i.id}</div>
              <div className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                {i.validKeys} valid API key{i.validKeys === 1 ? "" : "s"}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
