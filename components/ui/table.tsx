import type { ReactNode } from "react";

/** A list as a table that scrolls sideways on a phone: column headings, then the rows (`children`). */
export function DataTable({ columns, minWidth, caption, children }: { columns: string[]; minWidth: string; caption?: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className={`w-full text-left text-sm ${minWidth}`}>
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-900 dark:text-slate-300">
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className="px-3 py-2">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950">{children}</tbody>
      </table>
    </div>
  );
}
