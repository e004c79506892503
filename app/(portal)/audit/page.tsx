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

export const metadata = { title: "Audit log" };

function qs(f: Record<string, string | undefined>) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

function Change({ value }: { value: unknown }) {
  if (value === null || value === undefined) return null;
  return <code className="block max-w-xs truncate font-mono text-xs" title={JSON.stringify(value)}>{JSON.stringify(value)}</code>;
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
              {a}
            </option>
          ))}
        </Select>
        <DateRangeFields from={filter.from} to={filter.to} />
      </FilterForm>
      {rows.length === 0 ? (
        <EmptyState>No audit entries match this filter.</EmptyState>
      ) : (
        <DataTable minWidth="min-w-[56rem]" columns={["When", "Actor", "Action", "Target", "Address", "Before", "After"]}>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="px-3 py-2 whitespace-nowrap"><LocalTime value={r.created_at} /></td>
              <td className="px-3 py-2">{r.actor_label}</td>
              <td className="px-3 py-2 font-mono text-xs">{r.action}</td>
              <td className="px-3 py-2 font-mono text-xs">{r.target_type ? `${r.target_type} ${r.target_id ?? ""}` : ""}</td>
              <td className="px-3 py-2 font-mono text-xs">{r.ip ?? ""}</td>
              <td className="px-3 py-2"><Change value={r.before} /></td>
              <td className="px-3 py-2"><Change value={r.after} /></td>
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
