/**
 * A thin bar that runs along the top of its container while something loads: page navigation
 * (app/(portal)/loading.tsx) and a list's live refresh (`<LoadingBar active={isFetching} />`).
 * Announced politely once, so screen readers hear "Loading…" without repeats.
 */
export function LoadingBar({ active = true, label = "Loading…", fixed = false }: { active?: boolean; label?: string; fixed?: boolean }) {
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="loading-bar"
      data-active={active ? "true" : "false"}
      className={`${fixed ? "fixed inset-x-0 top-0 z-50" : "relative w-full"} h-0.5 overflow-hidden ${active ? "" : "invisible"}`}
    >
      {active && (
        <>
          <span aria-hidden className="absolute inset-y-0 w-1/3 animate-[loading-bar_1.1s_ease-in-out_infinite] rounded-full bg-brand-600 motion-reduce:w-full motion-reduce:animate-pulse dark:bg-brand-500" />
          <span className="sr-only">{label}</span>
        </>
      )}
    </div>
  );
}
