import type { EngineReport } from "./run-job.ts";

/** An engine job as the portal reads it (engine_jobs row, report parsed). */
export interface EngineJobView {
  state: "pending" | "done" | "failed" | "cancelled";
  outcome: string | null;
  attemptCount: number;
  lastError: string | null;
  runAfter: Date;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  report: unknown;
  /** Pending, and held for the TEST panel (a hosted-flow submission on a test integration). */
  waitingForTestPanel: boolean;
}

export function reportOf(job: Pick<EngineJobView, "report">): EngineReport | null {
  const r = job.report as Partial<EngineReport> | null;
  return r && r.version === 1 && r.decision && Array.isArray(r.checks) ? (r as EngineReport) : null;
}

/** Why a session waits, in one line, for the review queue ("Face similarity 0.52, below 0.60."). */
export function engineWaitReason(job: EngineJobView | null | undefined): string | null {
  if (!job) return null;
  if (job.state === "pending") {
    if (job.waitingForTestPanel) return "The engine checks it once the TEST panel's moment has passed.";
    return job.attemptCount > 0 && job.lastError ? `The engine is retrying (${job.lastError}).` : "The engine is checking it.";
  }
  if (job.state === "failed") return `The engine could not check it: ${job.lastError ?? "unknown error"}. A person decides.`;
  if (job.state === "cancelled") return null;
  const r = reportOf(job);
  if (!r) return null;
  return `Engine: ${r.decision.summary}`;
}
