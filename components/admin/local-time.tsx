"use client";

/** A time in the viewer's zone, with the UTC value on hover. */
export function LocalTime({ value, empty = "—" }: { value: Date | string | null | undefined; empty?: string }) {
  if (!value) return <span className="text-slate-400">{empty}</span>;
  const d = new Date(value);
  const iso = d.toISOString();
  return (
    <time dateTime={iso} title={iso.replace("T", " ").replace(/\.\d+Z$/, " UTC")} suppressHydrationWarning>
      {d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}
    </time>
  );
}
