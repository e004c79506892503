import { auditChanges } from "@/lib/audit/describe";

/** An audit row's before/after as a readable diff: one line per field, the old value struck through. */
export function AuditChanges({ before, after }: { before: unknown; after: unknown }) {
  const changes = auditChanges(before, after);
  if (changes.length === 0) return <span className="text-xs text-slate-600 dark:text-slate-400">—</span>;
  return (
    <ul className="space-y-0.5 text-xs">
      {changes.map((c) => (
        <li key={c.field} className="break-words">
          <span className="font-medium">{c.field}</span>
          {": "}
          {c.before !== null && (
            <del className="rounded bg-red-50 px-1 text-red-800 decoration-red-800/60 dark:bg-red-950 dark:text-red-200" aria-label={`was ${c.before}`} title={c.before}>
              {c.before.length > 80 ? `${c.before.slice(0, 80)}…` : c.before}
            </del>
          )}
          {c.before !== null && c.after !== null && <span aria-hidden> → </span>}
          {c.after !== null && (
            <ins className="rounded bg-emerald-50 px-1 text-emerald-900 no-underline dark:bg-emerald-950 dark:text-emerald-100" aria-label={c.before !== null ? `now ${c.after}` : undefined} title={c.after}>
              {c.after.length > 80 ? `${c.after.slice(0, 80)}…` : c.after}
            </ins>
          )}
          {c.after === null && <span className="text-slate-600 dark:text-slate-400"> (removed)</span>}
        </li>
      ))}
    </ul>
  );
}
