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

const pictureLabel = (context: string) => ({ "document-front": "document front", "document-back": "document back", face: "selfie" })[context] ?? context;

/** The line a check reads as: its summary when it has one, else one made from perception's evidence. */
export function summaryOf(c: CheckResult): string {
  const e = c.evidence ?? {};
  if (typeof e.summary === "string" && e.summary) return e.summary;
  const quality = /^image_quality\.(.+)$/.exec(c.name);
  if (quality) {
    if (typeof e.missing === "string") return `The ${pictureLabel(e.missing)} picture is missing.`;
    const label = pictureLabel(quality[1]);
    if (typeof e.error === "string") return `The ${label} picture could not be read (${e.error}).`;
    if (Array.isArray(e.issues) && e.issues.length) return `The ${label} picture is ${e.issues.join(", ")}${typeof e.sharpness === "number" ? ` (sharpness ${e.sharpness})` : ""}.`;
    return c.result === "pass" ? `The ${label} picture is usable.` : `The ${label} picture: ${c.result}.`;
  }
  if (c.name === "mrz" || c.name === "barcode" || c.name === "document") {
    const what = c.name === "mrz" ? "MRZ" : c.name === "barcode" ? "Barcode" : "Document data";
    if (c.result === "pass") return `${what} read, every check valid.`;
    if (c.result === "fail") return `${what} check digits fail${Array.isArray(e.failed) && e.failed.length ? `: ${e.failed.join(", ")}` : ""}.`;
    return `${what} not read${typeof e.reason === "string" ? ` (${e.reason})` : ""}.`;
  }
  return `${c.name}: ${c.result}`;
}

export const fmt = (n: number) => n.toFixed(2);
