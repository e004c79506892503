import Link from "next/link";
import { requirePage } from "@/lib/auth/current-user";
import { listAllKeys } from "@/lib/keys/list-keys";
import { EmptyState, PageHeader } from "@/components/ui/page";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { DataTable } from "@/components/ui/table";

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
        <DataTable minWidth="min-w-[56rem]" columns={["Integration", "Label", "API key", "Secret", "State", "Last used"]}>
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
        </DataTable>
      )}
    </div>
  );
}
