import { requirePage } from "@/lib/auth/current-user";
import { DomainError } from "@/lib/errors";
import { getAnalytics, type Analytics } from "@/lib/analytics/get-analytics";
import { listIntegrationChoices } from "@/lib/sessions/list-sessions";
import { defaultRange, parseAnalyticsQuery } from "@/lib/validation/analytics";
import { DateRangeFields, FilterForm } from "@/components/ui/filter-form";
import { Select } from "@/components/ui/field";
import { EmptyState, PageHeader } from "@/components/ui/page";
import { AnalyticsView } from "@/components/analytics/analytics-view";

export const metadata = { title: "Analytics" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function AnalyticsPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requirePage("analytics.read");
  const sp = await searchParams;
  // What the URL asks for, the last 30 days by default; the form shows it as typed.
  const typed: Record<string, string> = { ...defaultRange(), ...Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, one(v)]).filter(([, v]) => v !== "")) };
  const [integrations, result] = await Promise.all([
    listIntegrationChoices(),
    (async () => getAnalytics(parseAnalyticsQuery(typed)))().then(
      (data): { data: Analytics } => ({ data }),
      (e: unknown): { error: DomainError } => {
        if (e instanceof DomainError) return { error: e };
        throw e;
      },
    ),
  ]);
  const error = "error" in result ? result.error : null;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Analytics"
        description={
          <>
            Sessions created in the range (UTC days) and what they have become since; the review queue as it is now. The same figures as JSON:{" "}
            <a className="underline" href={`/api/analytics?${new URLSearchParams(typed)}`}>
              /api/analytics
            </a>
            .
          </>
        }
      />
      <FilterForm label="Analytics filter" clearHref="/analytics" columns="lg:grid-cols-5">
        <DateRangeFields from={typed.from} to={typed.to} />
        <Select label="Integration" name="integration" defaultValue={typed.integration}>
          <option value="">All integrations</option>
          {integrations.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name} ({i.environment})
            </option>
          ))}
        </Select>
        <Select label="Environment" name="environment" defaultValue={typed.environment}>
          <option value="">Test and live</option>
          <option value="live">Live</option>
          <option value="test">Test</option>
        </Select>
      </FilterForm>
      {error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {error.field ? <strong className="font-semibold">{error.field}: </strong> : null}
          {error.message}
        </p>
      ) : "data" in result && result.data.funnel.created === 0 ? (
        <EmptyState>
          No sessions were created from {result.data.range.from} to {result.data.range.to}
          {result.data.range.integration || result.data.range.environment ? " for this filter" : ""}. Choose a longer range, or create a verification link first.
          {result.data.reviewQueue.size > 0 && ` ${result.data.reviewQueue.size} session(s) wait in the review queue now.`}
        </EmptyState>
      ) : (
        "data" in result && <AnalyticsView data={result.data} />
      )}
    </div>
  );
}
