import Link from "next/link";
import type { CheckResult } from "@/lib/engine/types";
import { reportOf, type EngineJobView } from "@/lib/engine/report-view";
import { reasonText } from "@/lib/sessions/codes";
import { summaryOf } from "@/lib/engine/checks/check";
import { LocalTime } from "@/components/ui/local-time";

const tone: Record<CheckResult["result"], string> = {
  pass: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  fail: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  inconclusive: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
};
const resultLabel: Record<CheckResult["result"], string> = { pass: "pass", fail: "fail", inconclusive: "unsure" };

const outcomeLabel: Record<string, string> = {
  approved: "approved (9001)",
  declined: "declined (9102)",
  resubmission_requested: "resubmission requested (9103)",
  review: "review (9121)",
  submitted: "left for a reviewer (review status is off)",
};

function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  const rest = Object.fromEntries(Object.entries(evidence).filter(([k]) => k !== "summary"));
  if (Object.keys(rest).length === 0) return null;
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs text-slate-600 dark:text-slate-400">Evidence</summary>
      <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-800">{JSON.stringify(rest, null, 2)}</pre>
    </details>
  );
}

const ms = (n: number | null | undefined) => (n == null ? "—" : n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);

/** The engine's report on one attempt: decision and rule, each check with its evidence, what was read, faces, duplicates, timings. */
export function EngineReportView({ job, attemptNumber, documentMediaId }: { job: EngineJobView; attemptNumber: number; documentMediaId: string | null }) {
  const r = reportOf(job);
  const heading = `Engine report, attempt ${attemptNumber}`;
  if (job.state === "pending") {
    const waiting = job.waitingForTestPanel;
    return (
      <div data-testid="engine-report">
        <h3 className="font-medium">{heading}</h3>
        <p className="text-sm text-slate-600 dark:text-slate-400" role="status">
          {waiting ? (
            <>
              Waiting for the TEST panel: the engine checks this attempt from <LocalTime value={job.runAfter} /> unless a decision is forced first.
            </>
          ) : job.attemptCount > 0 ? (
            `Checking (try ${job.attemptCount})${job.lastError ? `; the last try failed: ${job.lastError}` : ""}…`
          ) : (
            "Queued: the engine checks it in a moment."
          )}
        </p>
      </div>
    );
  }
  if (job.state === "cancelled") {
    return (
      <div data-testid="engine-report">
        <h3 className="font-medium">{heading}</h3>
        <p className="text-sm text-slate-600 dark:text-slate-400">{job.lastError ?? "Not run."}</p>
      </div>
    );
  }
  if (job.state === "failed" || !r) {
    return (
      <div data-testid="engine-report">
        <h3 className="font-medium">{heading}</h3>
        <p className="text-sm text-red-700 dark:text-red-300" role="alert">
          The engine could not check this attempt after {job.attemptCount} tries: {job.lastError ?? "unknown error"}. A person decides.
        </p>
      </div>
    );
  }
  const d = r.decision;
  const doc = r.document;
  const sessionIds = [...new Set(r.riskLabels.flatMap((l) => l.sessionIds))];
  return (
    <div data-testid="engine-report" className="space-y-4">
      <div>
        <h3 className="font-medium">{heading}</h3>
        <p className="mt-1 text-sm" data-testid="engine-outcome">
          <span className="font-medium">Outcome:</span> {outcomeLabel[d.status] ?? d.status}
          {d.reasonCode ? ` · reason ${d.reasonCode} ${reasonText(d.reasonCode) ?? ""}` : ""}
        </p>
        <p className="text-sm">
          <span className="font-medium">Rule:</span> <span className="font-mono text-xs">{d.rule}</span> — {d.ruleText}
        </p>
        <p className="text-sm" data-testid="engine-summary">
          <span className="font-medium">Why:</span> {d.summary}
        </p>
      </div>

      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Checks</caption>
          <thead className="text-xs text-slate-600 dark:text-slate-400">
            <tr>
              <th className="py-1 pr-3 font-medium">Check</th>
              <th className="py-1 pr-3 font-medium">Result</th>
              <th className="py-1 pr-3 font-medium">Score</th>
              <th className="py-1 pr-3 font-medium">Finding</th>
              <th className="py-1 font-medium">Time</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {r.checks.map((c) => (
              <tr key={c.name} className={d.checks.includes(c.name) && d.rule !== "all_pass" ? "bg-amber-50/60 dark:bg-amber-950/30" : undefined}>
                <td className="py-1.5 pr-3 align-top font-mono text-xs">{c.name}</td>
                <td className="py-1.5 pr-3 align-top">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${tone[c.result]}`}>{resultLabel[c.result]}</span>
                </td>
                <td className="py-1.5 pr-3 align-top font-mono text-xs">{c.score == null ? "—" : c.score.toFixed(2)}</td>
                <td className="py-1.5 pr-3 align-top">
                  {summaryOf(c)}
                  {c.reasonCode && c.result !== "pass" ? <span className="text-xs text-slate-600 dark:text-slate-400"> (reason {c.reasonCode})</span> : null}
                  <Evidence evidence={c.evidence ?? {}} />
                </td>
                <td className="py-1.5 align-top font-mono text-xs whitespace-nowrap">{ms(c.ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        <figure>
          <figcaption className="mb-1 text-sm font-medium">Document data read ({doc ? `${doc.source.toUpperCase()}${doc.format ? ` ${doc.format}` : ""}` : "nothing read"})</figcaption>
          <div className="flex flex-wrap gap-3">
            {documentMediaId && (
              // eslint-disable-next-line @next/next/no-img-element
              <img src={`/api/media/${documentMediaId}`} alt="Document front" className="h-32 w-48 rounded border border-slate-200 object-cover dark:border-slate-700" loading="lazy" />
            )}
            {doc && (
              <pre className="min-w-0 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs leading-5 dark:bg-slate-800" data-testid="engine-mrz">
                {doc.raw.join("\n")}
              </pre>
            )}
          </div>
          {doc && (
            <dl className="mt-2 grid grid-cols-[8rem_1fr] gap-x-2 text-xs">
              <dt className="text-slate-600 dark:text-slate-400">Name</dt>
              <dd>{[doc.firstName, doc.lastName].filter(Boolean).join(" ") || "—"}</dd>
              <dt className="text-slate-600 dark:text-slate-400">Date of birth</dt>
              <dd>{doc.dateOfBirth ?? "—"}</dd>
              <dt className="text-slate-600 dark:text-slate-400">Document</dt>
              <dd>
                {doc.documentType ?? "—"} {doc.documentNumber ?? ""} {doc.issuingCountry ? `· ${doc.issuingCountry}` : ""}
              </dd>
              <dt className="text-slate-600 dark:text-slate-400">Valid until</dt>
              <dd>{doc.expiryDate ?? "—"}</dd>
              <dt className="text-slate-600 dark:text-slate-400">Check digits</dt>
              <dd>{doc.valid ? "all valid" : `failing: ${Object.entries(doc.checks).filter(([, ok]) => !ok).map(([k]) => k).join(", ") || "?"}`}</dd>
            </dl>
          )}
        </figure>

        <figure>
          <figcaption className="mb-1 text-sm font-medium">
            Faces{r.faces.similarity != null ? ` · similarity ${r.faces.similarity.toFixed(2)} (approve ≥ ${r.settings.faceMatchHigh.toFixed(2)}, decline < ${r.settings.faceMatchLow.toFixed(2)})` : " · not compared"}
          </figcaption>
          <div className="flex gap-3">
            {[
              ["Selfie", r.faces.selfieCrop],
              ["Document portrait", r.faces.portraitCrop],
            ].map(([label, crop]) => (
              <div key={label} className="text-center text-xs">
                {crop ? (
                  // eslint-disable-next-line @next/next/no-img-element
                  <img src={`data:image/jpeg;base64,${crop}`} alt={`${label} face crop`} className="h-28 w-28 rounded border border-slate-200 object-cover dark:border-slate-700" />
                ) : (
                  <span className="grid h-28 w-28 place-items-center rounded border border-dashed border-slate-300 text-slate-500 dark:text-slate-400 dark:border-slate-700">no face</span>
                )}
                <div className="mt-1">{label}</div>
              </div>
            ))}
          </div>
          {r.faces.estimatedAge != null && <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Estimated age {Math.round(r.faces.estimatedAge)}{r.faces.liveness != null ? ` · liveness ${r.faces.liveness.toFixed(2)} (weak signal, not used to decide)` : ""}</p>}
        </figure>
      </div>

      {sessionIds.length > 0 && (
        <div>
          <h4 className="text-sm font-medium">Duplicates</h4>
          <ul className="text-sm">
            {r.riskLabels.map((l) => (
              <li key={l.label}>
                <span className="font-mono text-xs">{l.label}</span>:{" "}
                {l.sessionIds.map((id, i) => (
                  <span key={id}>
                    {i > 0 && ", "}
                    <Link href={`/sessions/${id}`} className="font-mono text-xs text-brand-700 underline dark:text-brand-100">
                      {id}
                    </Link>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </div>
      )}

      <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="engine-timings">
        Timings: queued {ms(r.timings.queueMs)} · pictures read {ms(r.timings.loadMs)} · perception {ms(r.timings.perceptionMs)}
        {Object.keys(r.timings.perception ?? {}).length > 0 && ` (${Object.entries(r.timings.perception).map(([k, v]) => `${k} ${ms(v)}`).join(", ")})`} · rules {ms(r.timings.checksMs)} · submit to decision {ms(r.timings.submitToDecisionMs)}
        {job.attemptCount > 1 ? ` · ${job.attemptCount} tries` : ""}
      </p>
    </div>
  );
}
