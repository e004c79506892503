import type { CheckOutcome, CheckResult } from "../types.ts";

/** Builds a CheckResult; `summary` is the one line the report and the review queue show. */
export function check(
  name: string,
  result: CheckOutcome,
  summary: string,
  opts: { score?: number | null; evidence?: Record<string, unknown>; reasonCode?: number; startedAt?: number } = {},
): CheckResult {
  return {
    name,
    result,
    score: opts.score ?? null,
    evidence: { summary, ...opts.evidence },
    ...(opts.reasonCode != null && result !== "pass" ? { reasonCode: opts.reasonCode } : {}),
    ms: opts.startedAt != null ? Math.round((performance.now() - opts.startedAt) * 10) / 10 : 0,
  };
}

/** The line a check reads as: its summary when it has one. */
export function summaryOf(c: CheckResult): string {
  const s = c.evidence?.summary;
  return typeof s === "string" && s ? s : `${c.name}: ${c.result}`;
}

export const fmt = (n: number) => n.toFixed(2);
