#!/usr/bin/env node
// `npm run engine:eval [-- --only NAME,...] [--json]`: the synthetic corpus through perception and
// the engine's rules (default settings); prints every case, a confusion table (expected vs
// decided) and timings. Exits 1 on any false approval (a case that should not pass, approved)
// and 2 when a case ends outside its acceptable outcomes.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const { values } = parseArgs({ options: { only: { type: "string" }, json: { type: "boolean" } } });
const { register } = await import("tsx/esm/api");
register();
const { evaluateCorpus, confusionTable, percentile } = await import(path.join(root, "lib/engine/evaluate.ts"));

const only = values.only ? new Set(values.only.split(",")) : null;
const t0 = performance.now();
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const { rows, generateMs, warmUpMs } = await evaluateCorpus({
  filter: only ? (n) => only.has(n) : undefined,
  onRow: (r) => {
    if (values.json) return;
    const mark = r.falseApproval ? "FALSE APPROVAL" : r.ok ? "ok" : "MISS";
    const exp = `${r.expected}${r.expectedReason ? `/${r.expectedReason}` : ""}`;
    const got = `${r.decided}${r.reasonCode ? `/${r.reasonCode}` : ""}`;
    console.log(`${mark.padEnd(15)} ${r.name.padEnd(30)} expected ${exp.padEnd(28)} decided ${got.padEnd(28)} ${fmt(r.perceptionMs).padStart(8)}  sim ${r.similarity ?? "—"}  ${r.rule}: ${r.summary}`);
  },
});
const times = rows.map((r) => r.perceptionMs);
const summary = {
  cases: rows.length,
  ok: rows.filter((r) => r.ok).length,
  falseApprovals: rows.filter((r) => r.falseApproval).map((r) => r.name),
  misses: rows.filter((r) => !r.ok && !r.falseApproval).map((r) => r.name),
  perceptionMs: { p50: Math.round(percentile(times, 50)), p95: Math.round(percentile(times, 95)), max: Math.round(Math.max(...times)) },
  warmUpMs: Math.round(warmUpMs),
  corpusGenerationMs: Math.round(generateMs),
  totalMs: Math.round(performance.now() - t0),
};
if (values.json) console.log(JSON.stringify({ summary, rows }, null, 2));
else {
  console.log(`\n${confusionTable(rows)}\n`);
  console.log(`${summary.ok}/${summary.cases} as expected · false approvals: ${summary.falseApprovals.length ? summary.falseApprovals.join(", ") : "none"}${summary.misses.length ? ` · misses: ${summary.misses.join(", ")}` : ""}`);
  console.log(`perception per session p50 ${fmt(summary.perceptionMs.p50)}, p95 ${fmt(summary.perceptionMs.p95)}, max ${fmt(summary.perceptionMs.max)} · models warm-up ${fmt(summary.warmUpMs)} · corpus generated in ${fmt(summary.corpusGenerationMs)} · total ${fmt(summary.totalMs)}`);
}
process.exitCode = summary.falseApprovals.length ? 1 : summary.misses.length ? 2 : 0;
