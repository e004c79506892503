"use client";
import { useMounted } from "./use-mounted";

const utc = (d: Date) => d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");

/**
 * A time in the viewer's own zone, with the exact UTC time on hover. Until hydrated it shows UTC:
 * the server cannot know the viewer's zone, and a server-rendered local time would be the server's.
 */
export function LocalTime({ value, dateOnly = false, empty = "—" }: { value: Date | string | null | undefined; dateOnly?: boolean; empty?: string }) {
  const mounted = useMounted();
  if (!value) return <span className="text-slate-500 dark:text-slate-400">{empty}</span>;
  const d = new Date(value);
  const local = dateOnly ? d.toLocaleDateString(undefined, { dateStyle: "medium" }) : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return (
    <time dateTime={d.toISOString()} title={utc(d)}>
      {mounted ? local : utc(d)}
    </time>
  );
}
