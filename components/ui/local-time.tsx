"use client";
import { useEffect, useState } from "react";

const utc = (d: Date) => d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");

/** A time in the viewer's own zone, with the exact UTC time on hover (UTC until hydrated). */
export function LocalTime({ iso, dateOnly = false }: { iso: string | null | undefined; dateOnly?: boolean }) {
  const [local, setLocal] = useState<string | null>(null);
  useEffect(() => {
    if (!iso) return;
    const d = new Date(iso);
    setLocal(dateOnly ? d.toLocaleDateString(undefined, { dateStyle: "medium" }) : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }));
  }, [iso, dateOnly]);
  if (!iso) return <span className="text-slate-500">—</span>;
  const d = new Date(iso);
  return (
    <time dateTime={d.toISOString()} title={utc(d)}>
      {local ?? utc(d)}
    </time>
  );
}
