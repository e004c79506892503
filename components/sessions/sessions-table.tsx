"use client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { sessionStatuses, type SessionStatus } from "@/lib/sessions/codes";
import { STATUS_COUNT_CAP, listParamProblems, decisionFilterLabels, decisionFilters, listParamsToSearch, parseListParams, withFilter, type ListParams } from "@/lib/sessions/list-params";
import type { SessionListPage, StatusCounts } from "@/lib/sessions/list-sessions";
import { StatusBadge, statusLabel } from "@/components/ui/status-badge";
import { LocalTime } from "@/components/ui/local-time";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, Select, inputClass } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";
import { DataTable } from "@/components/ui/table";
import { decisionWords, expiryWords, openStatuses } from "@/lib/sessions/describe";
import type { SessionListRow } from "@/lib/sessions/list-sessions";
import { SavedViews, type SavedViewsProps } from "./saved-views";
import { LoadingBar } from "@/components/ui/loading-bar";

type ListData = SessionListPage & { counts: StatusCounts };

const REFRESH_MS = 10_000;

async function fetchList(search: string): Promise<ListData> {
  const res = await fetch(`/api/sessions${search}`, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(res.status === 403 ? "You no longer have access to this list: sign in again." : `The server answered ${res.status}.`);
  return res.json();
}

/** Moves the list to new params: a history entry (back/forward work) without a server round trip. */
function navigate(p: ListParams) {
  window.history.pushState(null, "", `/sessions${listParamsToSearch(p)}`);
}

export function SessionsTable({
  initial,
  integrations,
  canCreate,
  views,
}: {
  initial: { search: string; data: ListData };
  integrations: { id: string; name: string; environment: string }[];
  canCreate: boolean;
  views: Omit<SavedViewsProps, "search" | "onOpen">;
}) {
  const sp = useSearchParams();
  const params = parseListParams(new URLSearchParams(sp.toString()));
  const search = listParamsToSearch(params);
  const query = useQuery({
    queryKey: ["sessions", search],
    queryFn: () => fetchList(search),
    initialData: search === initial.search ? initial.data : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const data = query.data;
  const filtered = params.status.length + params.decision.length > 0 || !!(params.integration || params.from || params.to || params.q || params.assigned);
  // What the URL asked for that cannot apply (reversed dates, a malformed id): the server's words, for the URL as typed.
  const problems = listParamProblems(new URLSearchParams(sp.toString()));

  return (
    <div className="space-y-4">
      {/* The live refresh, at the top of the page's content (the navigation's bar is app/(portal)/loading.tsx). */}
      <LoadingBar active={query.isFetching} label="Updating the list…" />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">All verifications</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Refreshes every 10 seconds{query.isFetching ? " · updating…" : ""}.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {/* A plain download: the route streams every matching row, not just this page. */}
          <a href={`/api/sessions/export${listParamsToSearch({ ...params, sort: undefined, cursor: undefined })}`} className={buttonClass("secondary")} download>
            Export CSV
          </a>
          {canCreate && (
            <Link href="/sessions/new" className={buttonClass("primary")}>
              Add Verification
            </Link>
          )}
        </div>
      </div>

      <SavedViews {...views} search={listParamsToSearch({ ...params, cursor: undefined })} onOpen={(search) => navigate(parseListParams(new URLSearchParams(search.replace(/^\?/, ""))))} />

      <Filters params={params} integrations={integrations} counts={data?.counts} />

      {problems.length > 0 && (
        <div role="alert" data-testid="filter-problems" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <p className="font-medium">Some of this filter cannot be applied:</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((p) => (
              <li key={p.field + p.message}>{p.message}</li>
            ))}
          </ul>
        </div>
      )}

      {query.isError && (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          Could not load verifications: {(query.error as Error).message}
          <button type="button" className="underline" onClick={() => query.refetch()}>
            Retry
          </button>
        </div>
      )}

      {!data && query.isPending && (
        <p role="status" className="rounded-md border border-slate-200 bg-white px-4 py-8 text-center text-sm text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400">
          Loading verifications…
        </p>
      )}

      {data && data.rows.length === 0 && (
        <div className="rounded-md border border-dashed border-slate-300 bg-white px-4 py-10 text-center dark:border-slate-700 dark:bg-slate-900">
          <p className="font-medium">{filtered ? "No verifications match these filters." : params.cursor ? "No more verifications." : "No verifications yet."}</p>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {filtered ? (
              <button type="button" className="underline" onClick={() => navigate(withFilter(params, { status: [], decision: [], integration: undefined, from: undefined, to: undefined, q: undefined, assigned: undefined }))}>
                Clear all filters
              </button>
            ) : canCreate ? (
              <Link href="/sessions/new" className="underline">
                Create the first verification link
              </Link>
            ) : (
              "Sessions appear here as soon as they are created."
            )}
          </p>
        </div>
      )}

      {data && data.rows.length > 0 && (
        <>
          <ul className="space-y-2 md:hidden" aria-label="Verification sessions" data-testid="session-cards">
            {data.rows.map((r) => (
              <li key={r.id}>
                <SessionCard r={r} />
              </li>
            ))}
          </ul>
          <div className="hidden md:block">
            <DataTable minWidth="min-w-[48rem]" columns={["Person", "Status", "Decision", "Integration", "vendorData", "Created", "Last change"]} caption={`Verification sessions, ${params.sort === "asc" ? "oldest" : "newest"} first`}>
              {data.rows.map((r) => (
                <tr key={r.id} className="align-top hover:bg-slate-50 dark:hover:bg-slate-800/40">
                  <td className="px-3 py-2">
                    <Link href={`/sessions/${r.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                      {personName(r) || "Unnamed person"}
                    </Link>
                    <span className="flex items-center gap-1 font-mono text-xs whitespace-nowrap text-slate-600 dark:text-slate-400" title={r.id}>
                      {r.id.slice(0, 8)} <CopyButton text={r.id} label="Copy id" />
                    </span>
                  </td>
                  <td className="px-3 py-2">
                    <StatusCell r={r} />
                  </td>
                  <td className="px-3 py-2">
                    <DecisionCell r={r} />
                  </td>
                  <td className="px-3 py-2">
                    {r.integrationName}
                    {r.environment === "test" && <span className="ml-1 rounded bg-amber-100 px-1 text-xs font-semibold text-amber-900 dark:bg-amber-950 dark:text-amber-200">TEST</span>}
                  </td>
                  <td className="max-w-40 truncate px-3 py-2 font-mono text-xs" title={r.vendorData ?? undefined}>
                    {r.vendorData ?? <span className="text-slate-500">—</span>}
                  </td>
                  <td className="px-3 py-2 text-xs">
                    <LocalTime value={r.createdAt} />
                  </td>
                  <td className="px-3 py-2 text-xs">
                    <LocalTime value={r.updatedAt} />
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        </>
      )}

      <nav aria-label="Pages" className="flex items-center justify-between gap-2">
        {params.cursor ? (
          <button type="button" className={buttonClass("secondary")} onClick={() => navigate({ ...params, cursor: undefined })}>
            ← First page
          </button>
        ) : (
          <span />
        )}
        {data?.nextCursor && (
          <button type="button" className={buttonClass("secondary")} onClick={() => navigate({ ...params, cursor: data.nextCursor! })}>
            Next page →
          </button>
        )}
      </nav>
    </div>
  );
}

const personName = (r: SessionListRow) => [r.firstName, r.lastName].filter(Boolean).join(" ");

function StatusCell({ r }: { r: SessionListRow }) {
  return (
    <span className="flex flex-col items-start gap-0.5">
      <StatusBadge status={r.status} />
      {openStatuses.includes(r.status) && <span className="text-xs text-slate-600 dark:text-slate-400">{expiryWords(r.expiresAt)}</span>}
      {r.assignedTo && <span className="text-xs text-slate-600 dark:text-slate-400">Assigned to {r.assignedTo.name}</span>}
    </span>
  );
}

function DecisionCell({ r }: { r: SessionListRow }) {
  const words = decisionWords(r.decisionCode);
  if (!words) return <span className="text-slate-500">—</span>;
  return (
    <span>
      <span className="font-medium">{words}</span> <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{r.decisionCode}</span>
      {r.reasonCode ? (
        <span className="block text-xs text-slate-600 dark:text-slate-400">
          {r.reason ?? `Reason ${r.reasonCode}`} ({r.reasonCode})
        </span>
      ) : null}
    </span>
  );
}

/** A row as a card on a phone: who, status and decision first. */
function SessionCard({ r }: { r: SessionListRow }) {
  return (
    <Link href={`/sessions/${r.id}`} className="block rounded-md border border-slate-200 bg-white p-3 hover:bg-slate-50 dark:border-slate-800 dark:bg-slate-900 dark:hover:bg-slate-800/60" data-testid="session-card">
      <div className="flex items-start justify-between gap-2">
        <span className="font-medium">{personName(r) || "Unnamed person"}</span>
        <StatusCell r={r} />
      </div>
      <div className="mt-1 text-sm">{r.decisionCode ? <DecisionCell r={r} /> : <span className="text-slate-600 dark:text-slate-400">No decision yet</span>}</div>
      <div className="mt-1 flex flex-wrap gap-x-2 text-xs text-slate-600 dark:text-slate-400">
        <span>
          {r.integrationName}
          {r.environment === "test" && " · TEST"}
        </span>
        <span>
          created <LocalTime value={r.createdAt} />
        </span>
        <span className="font-mono">{r.id.slice(0, 8)}</span>
      </div>
    </Link>
  );
}

function Filters({ params, integrations, counts }: { params: ListParams; integrations: { id: string; name: string; environment: string }[]; counts?: StatusCounts }) {
  const [q, setQ] = useState(params.q ?? "");
  const [shown, setShown] = useState(false);
  const active = params.status.length + params.decision.length + [params.integration, params.from, params.to, params.q, params.assigned].filter(Boolean).length;
  const [lastQ, setLastQ] = useState(params.q);
  // Back/forward changes the URL: show its q again.
  if (lastQ !== params.q) {
    setLastQ(params.q);
    setQ(params.q ?? "");
  }
  const toggle = <T extends string>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const count = (s: SessionStatus) => {
    const c = counts?.[s];
    return c ? `${c.count.toLocaleString()}${c.capped ? "+" : ""}` : "";
  };
  return (
    <>
    <button type="button" aria-expanded={shown} aria-controls="list-filters" onClick={() => setShown((v) => !v)} className={buttonClass("secondary", "md:hidden")}>
      Filters{active ? ` (${active} active)` : ""}
    </button>
    <section id="list-filters" aria-label="Filters" className={`${shown ? "" : "hidden"} space-y-3 rounded-md border border-slate-200 bg-white p-3 md:block dark:border-slate-800 dark:bg-slate-900`}>
      <form
        role="search"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(withFilter(params, { q: q.trim() || undefined }));
        }}
      >
        <div className="min-w-60 flex-1">
          <label htmlFor="f-q" className="block text-sm font-medium">
            Search
          </label>
          <input id="f-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name (any part), session id, vendorData or endUserId" className={inputClass} />
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
        <Select label="Integration" name="integration" value={params.integration ?? ""} onChange={(e) => navigate(withFilter(params, { integration: e.target.value || undefined }))}>
          <option value="">All integrations</option>
          {integrations.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
              {i.environment === "test" ? " (test)" : ""}
            </option>
          ))}
        </Select>
        <Field label="Created from" name="from" type="date" value={params.from ?? ""} onChange={(e) => navigate(withFilter(params, { from: e.target.value || undefined }))} />
        <Field label="Created to" name="to" type="date" value={params.to ?? ""} onChange={(e) => navigate(withFilter(params, { to: e.target.value || undefined }))} />
        <label className="inline-flex items-center gap-1.5 pb-2 text-sm">
          <input type="checkbox" className="size-4" checked={params.assigned === "me"} onChange={(e) => navigate(withFilter(params, { assigned: e.target.checked ? "me" : undefined }))} />
          Assigned to me
        </label>
        <Select label="Sort" name="sort" value={params.sort} onChange={(e) => navigate(withFilter(params, { sort: e.target.value === "asc" ? "asc" : "desc" }))}>
          <option value="desc">Newest first</option>
          <option value="asc">Oldest first</option>
        </Select>
      </form>
      <fieldset>
        <legend className="text-sm font-medium">Status</legend>
        <div className="mt-1 flex flex-wrap gap-1.5">
          {sessionStatuses.map((s) => (
            <label key={s} className="inline-flex cursor-pointer items-center gap-1.5 rounded-full border border-slate-300 px-2.5 py-1 text-xs has-checked:border-brand-600 has-checked:bg-brand-50 has-checked:text-brand-700 dark:border-slate-700 dark:has-checked:bg-slate-800 dark:has-checked:text-white">
              <input type="checkbox" className="size-3.5" checked={params.status.includes(s)} onChange={() => navigate(withFilter(params, { status: toggle(params.status, s) }))} />
              {statusLabel(s)}
              <span className="text-slate-600 tabular-nums dark:text-slate-400">{count(s)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium">Decision</legend>
        <div className="mt-1 flex flex-wrap gap-1.5">
          {decisionFilters.map((d) => (
            <label key={d} className="inline-flex cursor-pointer items-center gap-1.5 rounded-full border border-slate-300 px-2.5 py-1 text-xs has-checked:border-brand-600 has-checked:bg-brand-50 has-checked:text-brand-700 dark:border-slate-700 dark:has-checked:bg-slate-800 dark:has-checked:text-white">
              <input type="checkbox" className="size-3.5" checked={params.decision.includes(d)} onChange={() => navigate(withFilter(params, { decision: toggle(params.decision, d) }))} />
              {decisionFilterLabels[d]}
            </label>
          ))}
        </div>
      </fieldset>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Counts per status follow the integration and date filters and stop at {STATUS_COUNT_CAP.toLocaleString("en")}. Dates are UTC days.
      </p>
    </section>
    </>
  );
}
