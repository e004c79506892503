import Link from "next/link";
import { requirePage } from "@/lib/auth/current-user";
import { nextInReviewQueue, REVIEW_WAITING_CAP, type QueueEnvironment } from "@/lib/sessions/portal-actions";
import { getSessionDetail } from "@/lib/sessions/get-session-detail";
import { isUuid } from "@/lib/validation/uuid";
import { LocalTime } from "@/components/ui/local-time";
import { ReviewControls } from "@/components/sessions/review-item";
import { StatusBadge } from "@/components/ui/status-badge";
import { assignAction, decideAction, undoDecisionAction } from "../sessions/actions";
import { UndoToaster } from "@/components/sessions/undo-toast";
import { Assignment } from "@/components/sessions/assignment";
import { pictureLabel } from "@/lib/sessions/describe";
import { engineWaitReason } from "@/lib/engine/report-view";

export const metadata = { title: "Review queue" };

const environments: { value: QueueEnvironment; label: string }[] = [
  { value: "live", label: "Live integrations" },
  { value: "test", label: "Test integrations" },
  { value: "all", label: "Both" },
];

function EnvironmentFilter({ current }: { current: QueueEnvironment }) {
  return (
    <nav aria-label="Which integrations" className="flex flex-wrap gap-1.5 text-sm">
      {environments.map((e) => (
        <Link
          key={e.value}
          href={e.value === "live" ? "/review" : `/review?env=${e.value}`}
          aria-current={current === e.value ? "page" : undefined}
          className={`rounded-full border px-3 py-1 ${current === e.value ? "border-brand-600 bg-brand-50 font-medium text-brand-700 dark:bg-slate-800 dark:text-white" : "border-slate-300 dark:border-slate-700"}`}
        >
          {e.label}
        </Link>
      ))}
    </nav>
  );
}

export default async function ReviewPage({ searchParams }: { searchParams: Promise<{ skip?: string | string[]; env?: string | string[] }> }) {
  const user = await requirePage("sessions.decide");
  const sp = await searchParams;
  const envRaw = Array.isArray(sp.env) ? sp.env[0] : sp.env;
  const environment: QueueEnvironment = envRaw === "test" || envRaw === "all" ? envRaw : "live";
  const envQuery = environment === "live" ? "" : `env=${environment}&`;
  const skip = String(Array.isArray(sp.skip) ? sp.skip[0] : (sp.skip ?? ""))
    .split(",")
    .filter(isUuid)
    .slice(-100);
  const next = await nextInReviewQueue(skip, { environment, userId: user.id });
  const s = next.id ? await getSessionDetail(next.id) : null;
  const waiting = `${next.waiting > REVIEW_WAITING_CAP ? `${REVIEW_WAITING_CAP}+` : next.waiting} waiting`;
  if (!s) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Review queue</h1>
        <EnvironmentFilter current={environment} />
        <UndoToaster undo={undoDecisionAction} />
        <div className="rounded-md border border-dashed border-slate-300 bg-white px-4 py-10 text-center dark:border-slate-700 dark:bg-slate-900">
          <p className="font-medium">{skip.length && next.waiting ? "You skipped every waiting session." : "Nothing waits for review."}</p>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {environment === "test" ? "Sessions of test integrations" : environment === "all" ? "Sessions" : "Sessions of live integrations"} that wait for a decision (submitted, or put in review) appear here, oldest first; sessions another reviewer claimed are left to them.{" "}
            {environment === "live" && next.testWaiting > 0 && (
              <>
                <Link href="/review?env=test" className="underline" data-testid="test-waiting">
                  {next.testWaiting > REVIEW_WAITING_CAP ? `${REVIEW_WAITING_CAP}+` : next.testWaiting} test-integration session{next.testWaiting === 1 ? "" : "s"} wait{next.testWaiting === 1 ? "s" : ""}: show them
                </Link>{" "}
              </>
            )}
            {skip.length > 0 && (
              <Link href={environment === "live" ? "/review" : `/review?env=${environment}`} className="underline">
                Start again from the oldest
              </Link>
            )}
          </p>
        </div>
      </div>
    );
  }
  const person = (s.person ?? {}) as Record<string, unknown>;
  const name = [person.firstName, person.lastName].filter((x) => typeof x === "string" && x).join(" ") || "Unnamed person";
  const attempt = s.attempts.find((a) => a.id === s.currentAttemptId) ?? s.attempts[s.attempts.length - 1];
  const skipHref = `/review?${envQuery}skip=${[...skip, s.id].join(",")}`;
  const why = engineWaitReason(attempt?.engineJob);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Review queue</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">{waiting}, oldest first</p>
      </div>
      <EnvironmentFilter current={environment} />
      <UndoToaster undo={undoDecisionAction} />
      <section aria-labelledby="h-person" className="rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="h-person" className="text-xl font-semibold">
            {name}
            {s.integration.environment === "test" && (
              <span className="ml-2 rounded bg-amber-100 px-1.5 align-middle text-xs font-semibold text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="test-marker">
                TEST
              </span>
            )}
            {s.status === "review" && (
              <span className="ml-2 align-middle">
                <StatusBadge status="review" />
              </span>
            )}
          </h2>
          <Link href={`/sessions/${s.id}`} className="font-mono text-xs text-brand-700 underline dark:text-brand-100">
            {s.id}
          </Link>
        </div>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {s.integration.name} · created <LocalTime value={s.createdAt} /> · submitted <LocalTime value={s.submittedAt} />
          {attempt ? ` · attempt ${attempt.number}` : ""}
          {s.vendorData ? ` · vendorData ${s.vendorData}` : ""}
        </p>
        <div className="mt-2">
          <Assignment sessionId={s.id} assignedTo={s.assignedTo} me={user.id} isAdmin={user.role === "admin"} assign={assignAction} />
        </div>
        {why && (
          <p className="mt-2 rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100" data-testid="review-reason">
            {why}{" "}
            <Link href={`/sessions/${s.id}#h-engine`} className="underline">
              Engine report
            </Link>
          </p>
        )}
        {attempt && attempt.media.length > 0 ? (
          <ul className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {attempt.media.map((m) => (
              <li key={m.id}>
                <a href={`/api/media/${m.id}`} target="_blank" rel="noopener" aria-label={`Open ${pictureLabel(m.context)} full size`}>
                  {/* eslint-disable-next-line @next/next/no-img-element */}
                  <img src={`/api/media/${m.id}`} alt={pictureLabel(m.context)} className="h-64 w-full rounded border border-slate-200 bg-slate-100 object-contain dark:border-slate-700 dark:bg-slate-800" />
                </a>
                <div className="mt-1 text-xs">{pictureLabel(m.context)}</div>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">No pictures in this attempt.</p>
        )}
      </section>
      <section className="rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        {/* A session already in review takes a final decision: "review" again is no transition. */}
        <ReviewControls decide={decideAction} sessionId={s.id} reviewEnabled={s.integration.reviewEnabled && s.status === "submitted"} skipHref={skipHref} />
      </section>
    </div>
  );
}
