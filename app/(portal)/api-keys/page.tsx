import Link from "next/link";
import { requirePage } from "@/lib/auth/current-user";
import { listAllKeys } from "@/lib/keys/list-keys";
import { EmptyState, PageHeader } from "@/components/ui/page";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  await requirePage("keys.manage");
  const keys = await listAllKeys();
  return (
    <div className="max-w-5xl">
      <PageHeader title="API keys" description="All keys across integrations. Create, rotate and revoke them on each integration's page." />
      {keys.length === 0 ? (
        <EmptyState>No API keys yet.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="w-full min-w-[56rem] text-left text-sm">
            <thead className="bg-slate-50 text-xs text-slate-500 uppercase dark:bg-slate-900 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-3 py-2">Integration</th>
                <th scope="col" className="px-3 py-2">Label</th>
                <th scope="col" className="px-3 py-2">API key</th>
                <th scope="col" className="px-3 py-2">Secret</th>
                <th scope="col" className="px-3 py-2">State</th>
                <th scope="col" className="px-3 py-2">Last used</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950">
              {keys.map((k) => {
                const s = k.state;
                return (
                  <tr key={k.id}>
                    <td className="px-3 py-2">
                      <Link href={`/integrations/${k.integration.id}`} className="text-brand-600 hover:underline dark:text-brand-400">{k.integration.name}</Link>
                      {!k.integration.active && <> <Badge tone="red">inactive</Badge></>}
                    </td>
                    <td className="px-3 py-2">{k.label}</td>
                    <td className="px-3 py-2 font-mono text-xs break-all">{k.id}</td>
                    <td className="px-3 py-2 font-mono text-xs">••••{k.secretHint}</td>
                    <td className="px-3 py-2">
                      {s === "active" ? <Badge tone="green">active</Badge> : s === "grace" ? <Badge tone="amber">grace until <LocalTime value={k.revokedAt} /></Badge> : <Badge tone="red">revoked</Badge>}
                    </td>
                    <td className="px-3 py-2"><LocalTime value={k.lastUsedAt} empty="never" /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
