// `npm run engine:eval`: the synthetic corpus (lib/engine/corpus) through perception and the
// rules, without a database (duplicates and velocity need other sessions: the pipeline tests
// cover them). Prints a confusion table, expected vs decided, and timings.
import { generateCorpus, type Case } from "./corpus/index.ts";
import { loadPerception, requiredContexts } from "./perception-module.ts";
import { contextChecks } from "./run-job.ts";
import { decide, type EngineDecision } from "./decide.ts";
import { parseEngineSettings, type EngineSettings } from "./settings.ts";
import type { Perception } from "./types.ts";

export interface EvalRow {
  name: string;
  expected: string;
  expectedReason: number | null;
  acceptable: string[];
  decided: string;
  reasonCode: number | null;
  rule: string;
  summary: string;
  similarity: number | null;
  ok: boolean;
  falseApproval: boolean;
  perceptionMs: number;
}

export function decideCase(c: Case, p: Perception, settings: EngineSettings, now = new Date()): EngineDecision {
  const checks = [...p.quality, p.documentCheck, ...contextChecks(p, c.person, c.document ?? null, settings, now)];
  return decide(checks, { reviewEnabled: true });
}

export async function evaluateCorpus(opts: { settings?: unknown; filter?: (name: string) => boolean; onRow?: (r: EvalRow) => void } = {}) {
  const t0 = performance.now();
  const corpus = await generateCorpus(opts.filter ? (s) => opts.filter!(s.name) : undefined);
  const generateMs = performance.now() - t0;
  const perception = await loadPerception();
  const tw = performance.now();
  await perception.warmUp();
  const warmUpMs = performance.now() - tw;
  const settings = parseEngineSettings(opts.settings);
  const rows: EvalRow[] = [];
  for (const c of corpus) {
    const tp = performance.now();
    const p = await perception.analyse(c.images, { required: requiredContexts(c.document?.type) });
    const perceptionMs = performance.now() - tp;
    const d = decideCase(c, p, settings);
    const acceptable = [c.expected, ...(c.alsoAcceptable ?? [])];
    const reasonOk = d.status !== c.expected || c.expectedReason == null || d.reasonCode === c.expectedReason;
    const row: EvalRow = {
      name: c.name,
      expected: c.expected,
      expectedReason: c.expectedReason ?? null,
      acceptable,
      decided: d.status,
      reasonCode: d.reasonCode,
      rule: d.rule,
      summary: d.summary,
      similarity: p.faceSimilarity,
      ok: acceptable.includes(d.status as never) && reasonOk,
      falseApproval: d.status === "approved" && c.expected !== "approved",
      perceptionMs,
    };
    rows.push(row);
    opts.onRow?.(row);
  }
  return { rows, settings, generateMs, warmUpMs };
}

const outcomes = ["approved", "declined", "resubmission_requested", "review", "submitted"] as const;
const short: Record<string, string> = { approved: "approved", declined: "declined", resubmission_requested: "resubmit", review: "review", submitted: "submitted" };

export function confusionTable(rows: EvalRow[]): string {
  const expected = outcomes.filter((o) => rows.some((r) => r.expected === o));
  const pad = (s: string, n: number) => s.padEnd(n);
  const w = 12;
  const lines = [pad("expected \\ decided", 20) + outcomes.map((o) => pad(short[o], w)).join("")];
  for (const e of expected) lines.push(pad(short[e], 20) + outcomes.map((o) => pad(String(rows.filter((r) => r.expected === e && r.decided === o).length), w)).join(""));
  return lines.join("\n");
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
