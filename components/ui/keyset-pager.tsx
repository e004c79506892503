import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

/** "Newest" / "Older …" links of a keyset-paginated list (the cursor lives in the URL). */
export function KeysetPager({ newestHref, olderHref, olderLabel }: { newestHref: string | null; olderHref: string | null; olderLabel: string }) {
  return (
    <nav aria-label="Pages" className="flex gap-2">
      {newestHref && (
        <Link href={newestHref} className={buttonClass("secondary")}>
          Newest
        </Link>
      )}
      {olderHref && (
        <Link href={olderHref} className={buttonClass("secondary")}>
          {olderLabel}
        </Link>
      )}
    </nav>
  );
}
