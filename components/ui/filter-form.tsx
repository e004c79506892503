import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "./button";
import { Field } from "./field";
import { cardClass } from "./page";

/** A list's filter as a plain GET form (the filter lives in the URL), with Filter and Clear. */
export function FilterForm({ label, clearHref, columns, children }: { label: string; clearHref: string; columns: string; children: ReactNode }) {
  return (
    <form method="get" className={`${cardClass} grid gap-3 sm:grid-cols-2 lg:items-end ${columns}`} aria-label={label}>
      {children}
      <div className="flex gap-2">
        <button type="submit" className={buttonClass()}>
          Filter
        </button>
        <Link href={clearHref} className={buttonClass("ghost")}>
          Clear
        </Link>
      </div>
    </form>
  );
}

/** From / To date fields of a list filter (lib/validation/date-range.ts reads them). */
export function DateRangeFields({ from, to }: { from?: string; to?: string }) {
  return (
    <>
      <Field label="From" name="from" type="date" defaultValue={from} />
      <Field label="To" name="to" type="date" defaultValue={to} />
    </>
  );
}
