import { buttonClass } from "@/components/ui/button";
import { KeysetPager } from "@/components/ui/keyset-pager";
import { requirePage } from "@/lib/auth/current-user";
import { parseAuditFilter } from "@/lib/audit/audit-filter";
import { auditActions, listAudit } from "@/lib/audit/list-audit";
import { Field } from "@/components/ui/field";
import { EmptyState, PageHeader } from "@/components/ui/page";
import { DateRangeFields, FilterForm } from "@/components/ui/filter-form";
import { Select } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { DataTable } from "@/components/ui/table";
import { AuditChanges } from "@/components/audit/audit-changes";
import { describeAction } from "@/lib/audit/describe";

const targetWords: Record<string, string> = { integration: "Integration", api_key: "API key", user: "User", session: "Session", delivery: "Webhook delivery", settings: "Settings" };

export const metadata = { title: "Audit log" };

function qs(f: Record<string, string | undefined>) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}


export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage("audit.read");
  const filter = parseAuditFilter(await searchParams);
  const [{ rows, nextCursor }, actions] = await Promise.all([listAudit(filter), auditActions()]);
  const base = { actor: filter.actor, action: filter.action, from: filter.from, to: filter.to };
  return (
    <div className="space-y-4">
      <PageHeader
        title="Audit log"
        description="Every change made in the back office or through the CLI. Rows are never changed or removed."
        actions={
          <a href={`/api/audit/export${qs(base)}`} className={buttonClass("secondary")} download>
            Export CSV
          </a>
        }
      />
      <FilterForm label="Filter the audit log" clearHref="/audit" columns="lg:grid-cols-[1fr_1fr_auto_auto_auto]">
        <Field label="Actor" name="actor" placeholder="e-mail or cli" defaultValue={filter.actor} />
        <Select label="Action" name="action" defaultValue={filter.action ?? ""}>
          <option value="">All actions</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {describeAction(a)} ({a})
            </option>
          ))}
        </Select>
        <DateRangeFields from={filter.from} to={filter.to} />
      </FilterForm>
      {rows.length === 0 ? (
        <EmptyState>No audit entries match this filter.</EmptyState>
      ) : (
        <DataTable minWidth="min-w-[56rem]" columns={["When", "Who", "What", "On", "Changes", "Address"]}>
          {rows.map((r) => (
            <tr key={r.id} className="align-top">
              <td className="px-3 py-2 whitespace-nowrap"><LocalTime value={r.created_at} /></td>
              <td className="px-3 py-2 break-all">{r.actor_label}</td>
              <td className="px-3 py-2">
                <span className="block">{describeAction(r.action)}</span>
                <code className="font-mono text-xs text-slate-600 dark:text-slate-400">{r.action}</code>
              </td>
              <td className="px-3 py-2">
                {r.target_type && <span className="block text-sm">{targetWords[r.target_type] ?? r.target_type}</span>}
                {r.target_id && (
                  r.target_type === "session" || r.target_type === "integration" ? (
                    <a href={`/${r.target_type === "session" ? "sessions" : "integrations"}/${r.target_id}`} className="font-mono text-xs break-all text-brand-600 underline dark:text-brand-500">{r.target_id}</a>
                  ) : (
                    <code className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">{r.target_id}</code>
                  )
                )}
              </td>
              <td className="max-w-md px-3 py-2"><AuditChanges before={r.before} after={r.after} /></td>
              <td className="px-3 py-2 font-mono text-xs">{r.ip ?? ""}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <KeysetPager
        newestHref={filter.cursor ? `/audit${qs(base)}` : null}
        olderHref={nextCursor ? `/audit${qs({ ...base, cursor: nextCursor })}` : null}
        olderLabel="Older entries"
      />
    </div>
  );
}
