import type { Dictionary } from "@/lib/flow/i18n";
import { flowContexts } from "@/lib/validation/flow";

export const progressSteps = ["consent", ...flowContexts, "review"] as const;
export type ProgressStep = (typeof progressSteps)[number];

/** Where the person is among the flow's steps: a bar per step, the current one named. */
export function FlowProgress({ current, t }: { current: ProgressStep; t: Dictionary }) {
  const at = progressSteps.indexOf(current);
  return (
    <nav aria-label={t.progress} className="space-y-2">
      <p className="text-xs font-medium tracking-wide text-slate-600 uppercase dark:text-slate-400" data-testid="flow-step">
        {t.step(at + 1, progressSteps.length)} · {t.stepNames[current]}
      </p>
      <ol className="grid gap-1.5" style={{ gridTemplateColumns: `repeat(${progressSteps.length}, minmax(0, 1fr))` }}>
        {progressSteps.map((s, i) => (
          <li key={s} aria-current={i === at ? "step" : undefined} className="min-w-0">
            <span aria-hidden className={`block h-1.5 rounded-full ${i <= at ? "bg-brand-600 dark:bg-brand-500" : "bg-slate-200 dark:bg-slate-700"}`} />
            <span className="sr-only">
              {t.stepNames[s]}
              {i < at ? ` (${t.done})` : ""}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
