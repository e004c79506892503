import type { SessionStatus } from "@/lib/sessions/codes";

const styles: Record<SessionStatus, string> = {
  created: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
  started: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  submitted: "bg-violet-100 text-violet-900 dark:bg-violet-950 dark:text-violet-200",
  approved: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  declined: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  resubmission_requested: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  expired: "bg-stone-200 text-stone-800 dark:bg-stone-800 dark:text-stone-200",
  abandoned: "bg-stone-200 text-stone-800 dark:bg-stone-800 dark:text-stone-200",
  review: "bg-orange-100 text-orange-900 dark:bg-orange-950 dark:text-orange-200",
};

export const statusLabel = (s: SessionStatus) => (s === "resubmission_requested" ? "resubmission requested" : s);

export function StatusBadge({ status }: { status: SessionStatus }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${styles[status]}`}>{statusLabel(status)}</span>;
}
