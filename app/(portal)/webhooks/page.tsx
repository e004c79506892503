import Link from "next/link";
import { KeysetPager } from "@/components/ui/keyset-pager";
import { requirePage } from "@/lib/auth/current-user";
import { listDeliveries, parseDeliveryFilter } from "@/lib/deliveries/list-deliveries";
import { listIntegrations } from "@/lib/integrations/list-integrations";
import { Field } from "@/components/ui/field";
import { EmptyState, PageHeader } from "@/components/ui/page";
import { DateRangeFields, FilterForm } from "@/components/ui/filter-form";
import { Select } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { DeliveryStateBadge } from "@/components/ui/delivery-state-badge";

export const metadata = { title: "Webhook deliveries" };

function qs(f: Record<string, string | undefined>) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage("webhooks.read");
  const filter = parseDeliveryFilter(await searchParams);
  const [{ rows, nextCursor }, integrations] = await Promise.all([listDeliveries(filter), listIntegrations()]);
  const base = { state: filter.state, integration: filter.integration, session: filter.session, from: filter.from, to: filter.to };
  return (
    <div className="space-y-4">
      <PageHeader title="Webhook deliveries" description="Every decision, event and test webhook across integrations, with each attempt's request and response." />
      <FilterForm label="Filter deliveries" clearHref="/webhooks" columns="lg:grid-cols-[auto_1fr_1fr_auto_auto_auto]">
        <Select label="State" name="state" defaultValue={filter.state ?? ""}>
          <option value="">Any state</option>
          <option value="pending">Pending</option>
          <option value="delivered">Delivered</option>
          <option value="failed">Failed</option>
          <option value="cancelled">Cancelled</option>
        </Select>
        <Select label="Integration" name="integration" defaultValue={filter.integration ?? ""}>
          <option value="">All integrations</option>
          {integrations.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </Select>
        <Field label="Session id" name="session" defaultValue={filter.session} placeholder="UUID" />
        <DateRangeFields from={filter.from} to={filter.to} />
      </FilterForm>
      {rows.length === 0 ? (
        <EmptyState>No deliveries match this filter.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-950">
          {rows.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
              <DeliveryStateBadge state={d.state} />
              <Link href={`/webhooks/${d.id}`} className="font-medium text-brand-600 hover:underline dark:text-brand-400">
                {d.kind} → {d.last_status_code ?? "no answer"}
              </Link>
              <span className="text-slate-600 dark:text-slate-400">{d.integration_name}</span>
              <span className="min-w-0 flex-1 truncate font-mono text-xs text-slate-500 dark:text-slate-400" title={d.url}>
                {d.url}
              </span>
              <span className="text-xs text-slate-500 dark:text-slate-400">
                {d.attempt_count} attempt{d.attempt_count === 1 ? "" : "s"} · <LocalTime value={d.created_at} />
              </span>
            </li>
          ))}
        </ul>
      )}
      <KeysetPager
        newestHref={filter.cursor ? `/webhooks${qs(base)}` : null}
        olderHref={nextCursor ? `/webhooks${qs({ ...base, cursor: nextCursor })}` : null}
        olderLabel="Older deliveries"
      />
    </div>
  );
}
