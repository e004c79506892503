import { LoadingBar } from "@/components/ui/loading-bar";

// Shown by Next.js while a portal page loads on navigation: the bar at the top, and the page's place kept.
export default function Loading() {
  return (
    <div aria-busy="true" className="space-y-4">
      <LoadingBar fixed label="Loading the page…" />
      <div aria-hidden className="h-8 w-64 max-w-full animate-pulse rounded bg-slate-200 motion-reduce:animate-none dark:bg-slate-800" />
      <div aria-hidden className="h-40 animate-pulse rounded-lg bg-slate-100 motion-reduce:animate-none dark:bg-slate-900" />
    </div>
  );
}
