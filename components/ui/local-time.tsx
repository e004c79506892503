"use client";
import { useMounted } from "./use-mounted";

const utc = (d: Date) => d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");

/** A time in the viewer's own zone, with the exact UTC time on hover (UTC until hydrated). */
export function LocalTime({ iso, dateOnly = false }: { iso: string | null | undefined; dateOnly?: boolean }) {
  const mounted = useMounted();
  if (!iso) return <span className="text-slate-500">—</span>;
  const d = new Date(iso);
  const local = dateOnly ? d.toLocaleDateString(undefined, { dateStyle: "medium" }) : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return (
    <time dateTime={d.toISOString()} title={utc(d)}>
      {mounted ? local : utc(d)}
    </time>
  );
}
