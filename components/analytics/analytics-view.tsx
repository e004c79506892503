"use client";

import { useMemo, useState } from "react";
import type { Analytics, DecisionKey, SeriesPoint } from "@/lib/analytics/get-analytics";
import { cardClass } from "@/components/ui/page";
import { Chart, type ChartSeries } from "./chart";

const OUTCOMES: { key: DecisionKey | "inProgress"; label: string; color: string }[] = [
  { key: "approved", label: "Approved", color: "#16a34a" },
  { key: "declined", label: "Declined", color: "#dc2626" },
  { key: "resubmission_requested", label: "Resubmission requested", color: "#d97706" },
  { key: "review", label: "In review", color: "#7c3aed" },
  { key: "expired", label: "Expired", color: "#64748b" },
  { key: "abandoned", label: "Abandoned", color: "#94a3b8" },
  { key: "inProgress", label: "In progress", color: "#0ea5e9" },
];

export const percent = (r: number | null) => (r == null ? "—" : `${(r * 100).toFixed(r >= 0.995 || r === 0 ? 0 : 1)} %`);
const pct = (v: number) => `${Math.round(v * 100)} %`;

/** Seconds as people say them: 45 s, 3 min 20 s, 2.5 h, 3.2 d. */
export function duration(s: number | null): string {
  if (s == null) return "—";
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 >= 1 ? ` ${Math.round(s % 60)} s` : ""}`;
  if (s < 86_400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} d`;
}

/** Days grouped into ISO weeks (from Monday), rates recomputed from the sums. */
function byWeek(days: SeriesPoint[]): SeriesPoint[] {
  const weeks = new Map<string, SeriesPoint>();
  for (const d of days) {
    const t = new Date(`${d.date}T00:00:00Z`);
    const monday = new Date(t.getTime() - ((t.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
    const w = weeks.get(monday);
    if (!w) weeks.set(monday, { ...d, date: monday });
    else for (const k of ["created", "decided", "inProgress", "approved", "declined", "resubmission_requested", "review", "expired", "abandoned"] as const) w[k] += d[k];
  }
  return [...weeks.values()].map((w) => ({
    ...w,
    approvalRate: w.decided ? w.approved / w.decided : null,
    declineRate: w.decided ? w.declined / w.decided : null,
    resubmissionRate: w.decided ? w.resubmission_requested / w.decided : null,
  }));
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className={cardClass}>
      <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
      {hint && <dd className="mt-1 text-xs text-slate-500 dark:text-slate-400">{hint}</dd>}
    </div>
  );
}

export function AnalyticsView({ data }: { data: Analytics }) {
  const [grain, setGrain] = useState<"day" | "week">(data.series.length > 62 ? "week" : "day");
  const points = useMemo(() => (grain === "week" ? byWeek(data.series) : data.series), [data.series, grain]);
  const labels = useMemo(() => points.map((p) => (grain === "week" ? `w/c ${p.date}` : p.date)), [points, grain]);
  const f = data.funnel;

  const volume = useMemo<ChartSeries[]>(() => OUTCOMES.map((o) => ({ label: o.label, color: o.color, values: points.map((p) => p[o.key]) })), [points]);
  const rates = useMemo<ChartSeries[]>(
    () => [
      { label: "Approval rate", color: "#16a34a", values: points.map((p) => p.approvalRate) },
      { label: "Decline rate", color: "#dc2626", values: points.map((p) => p.declineRate) },
      { label: "Resubmission rate", color: "#d97706", values: points.map((p) => p.resubmissionRate) },
    ],
    [points],
  );
  const funnelLabels = useMemo(() => ["Created", "Started", "Submitted", "Decided"], []);
  const funnel = useMemo<ChartSeries[]>(() => [{ label: "Sessions", color: "#4f46e5", values: [f.created, f.started, f.submitted, f.decided] }], [f]);
  const busiest = points.reduce<SeriesPoint | null>((m, p) => (!m || p.created > m.created ? p : m), null);

  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Figure label="Sessions created" value={f.created.toLocaleString("en")} hint={`${f.decided.toLocaleString("en")} decided`} />
        <Figure label="Approval rate" value={percent(data.approvalRate)} hint={`of decided; declined ${percent(data.declineRate)}, resubmission ${percent(data.resubmissionRate)}`} />
        <Figure
          label="Time to decision"
          value={duration(data.timeToDecision.p50Seconds)}
          hint={`median from submission; p90 ${duration(data.timeToDecision.p90Seconds)}`}
        />
        <Figure
          label="Review queue now"
          value={data.reviewQueue.size.toLocaleString("en")}
          hint={data.reviewQueue.oldestAgeSeconds == null ? "nothing waits" : `oldest waiting ${duration(data.reviewQueue.oldestAgeSeconds)}`}
        />
      </dl>

      <section className={`${cardClass} space-y-3`} aria-label="Sessions created">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-lg font-semibold">Volume and outcomes</h2>
          <div role="group" aria-label="Group by" className="inline-flex rounded-md border border-slate-300 text-sm dark:border-slate-700">
            {(["day", "week"] as const).map((g) => (
              <button
                key={g}
                type="button"
                aria-pressed={grain === g}
                onClick={() => setGrain(g)}
                className={`px-3 py-1 first:rounded-l-md last:rounded-r-md ${grain === g ? "bg-indigo-600 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
              >
                Per {g}
              </button>
            ))}
          </div>
        </div>
        <Chart
          title={`Sessions created per ${grain}, by outcome`}
          summary={`${f.created} sessions from ${data.range.from} to ${data.range.to}${busiest ? `, most on ${busiest.date} (${busiest.created})` : ""}.`}
          labels={labels}
          labelHeading={grain === "week" ? "Week" : "Day"}
          series={volume}
          kind="stacked"
        />
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <section className={cardClass} aria-label="Funnel">
          <Chart
            title="Funnel"
            summary={`created ${f.created}, started ${f.started} (${percent(data.conversion.started)}), submitted ${f.submitted} (${percent(data.conversion.submitted)}), decided ${f.decided} (${percent(data.conversion.decided)}).`}
            labels={funnelLabels}
            labelHeading="Step"
            series={funnel}
            kind="bars"
          />
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            Started {percent(data.conversion.started)} of created · submitted {percent(data.conversion.submitted)} of started · decided {percent(data.conversion.decided)} of submitted
          </p>
        </section>
        <section className={cardClass} aria-label="Rates">
          <Chart
            title={`Approval, decline and resubmission rates per ${grain}`}
            summary={`over the range: approved ${percent(data.approvalRate)}, declined ${percent(data.declineRate)}, resubmission requested ${percent(data.resubmissionRate)} of decided sessions.`}
            labels={labels}
            labelHeading={grain === "week" ? "Week" : "Day"}
            series={rates}
            kind="lines"
            format={pct}
          />
        </section>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <section className={`${cardClass} space-y-3`} aria-labelledby="timing-h">
          <h2 id="timing-h" className="text-lg font-semibold">
            Timing and deciders
          </h2>
          <dl className="grid grid-cols-2 gap-3 text-sm">
            <div>
              <dt className="text-slate-600 dark:text-slate-400">Time to decision</dt>
              <dd className="font-medium">
                median {duration(data.timeToDecision.p50Seconds)}, p90 {duration(data.timeToDecision.p90Seconds)}
              </dd>
              <dd className="text-xs text-slate-500 dark:text-slate-400">{data.timeToDecision.count.toLocaleString("en")} decisions, from the attempt&apos;s submission</dd>
            </div>
            <div>
              <dt className="text-slate-600 dark:text-slate-400">Time in the review queue</dt>
              <dd className="font-medium">
                median {duration(data.timeInReview.p50Seconds)}, p90 {duration(data.timeInReview.p90Seconds)}
              </dd>
              <dd className="text-xs text-slate-500 dark:text-slate-400">{data.timeInReview.count.toLocaleString("en")} reviewer decisions</dd>
            </div>
            <div>
              <dt className="text-slate-600 dark:text-slate-400">Decided automatically</dt>
              <dd className="font-medium">{percent(data.deciders.automatedShare)}</dd>
              <dd className="text-xs text-slate-500 dark:text-slate-400">
                engine {data.deciders.engine.toLocaleString("en")} · reviewers {data.deciders.reviewer.toLocaleString("en")} · other {data.deciders.other.toLocaleString("en")}
              </dd>
            </div>
            <div>
              <dt className="text-slate-600 dark:text-slate-400">Review queue now</dt>
              <dd className="font-medium">{data.reviewQueue.size.toLocaleString("en")} waiting</dd>
              <dd className="text-xs text-slate-500 dark:text-slate-400">
                {data.reviewQueue.oldestAgeSeconds == null ? "nothing waits" : `oldest submitted ${duration(data.reviewQueue.oldestAgeSeconds)} ago`}
              </dd>
            </div>
          </dl>
        </section>
        <section className={`${cardClass} space-y-4`} aria-labelledby="reasons-h">
          <h2 id="reasons-h" className="text-lg font-semibold">
            Top reasons
          </h2>
          <ReasonTable caption="Decline reasons" rows={data.reasons.declined} />
          <ReasonTable caption="Resubmission reasons" rows={data.reasons.resubmission_requested} />
        </section>
      </div>

      {data.byIntegration.length > 0 && (
        <section className={`${cardClass} space-y-3`} aria-labelledby="by-int-h">
          <h2 id="by-int-h" className="text-lg font-semibold">
            By integration
          </h2>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <caption className="sr-only">Figures by integration</caption>
              <thead className="text-xs text-slate-600 uppercase dark:text-slate-300">
                <tr>
                  {["Integration", "Created", "Decided", "Approved", "Declined", "Resubmission", "Approval rate"].map((h) => (
                    <th key={h} scope="col" className={`px-2 py-1.5 ${h === "Integration" ? "" : "text-right"}`}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {data.byIntegration.map((i) => (
                  <tr key={i.id}>
                    <th scope="row" className="px-2 py-1.5 font-normal">
                      {i.name} <span className="text-xs text-slate-500 dark:text-slate-400">({i.environment})</span>
                    </th>
                    {[i.created, i.decided, i.approved, i.declined, i.resubmission_requested].map((n, k) => (
                      <td key={k} className="px-2 py-1.5 text-right tabular-nums">
                        {n.toLocaleString("en")}
                      </td>
                    ))}
                    <td className="px-2 py-1.5 text-right tabular-nums">{percent(i.approvalRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}

function ReasonTable({ caption, rows }: { caption: string; rows: Analytics["reasons"]["declined"] }) {
  const top = rows[0]?.count ?? 0;
  return (
    <table className="w-full text-left text-sm">
      <caption className="mb-1 text-left font-medium">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">Reason</th>
          <th scope="col">Code</th>
          <th scope="col">Sessions</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={3} className="py-1 text-slate-500 dark:text-slate-400">
              None in this range.
            </td>
          </tr>
        )}
        {rows.map((r) => (
          <tr key={r.code}>
            <td className="py-1 pr-2">
              <span className="block">{r.reason}</span>
              <span className="mt-0.5 block h-1.5 rounded bg-indigo-500/70" style={{ width: `${Math.max(4, (r.count / top) * 100)}%` }} aria-hidden="true" />
            </td>
            <td className="py-1 pr-2 text-slate-500 tabular-nums dark:text-slate-400">{r.code}</td>
            <td className="py-1 text-right tabular-nums">{r.count.toLocaleString("en")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
