"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { activeHref } from "./nav-items";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

export interface ShellItem {
  href: string;
  label: string;
}

/** Left navigation on wide screens; a top bar with a collapsible menu on a phone. */
export function AppShell({ items, user, children }: { items: ShellItem[]; user: { name: string; email: string; role: string }; children: React.ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [shownPath, setShownPath] = useState(pathname);
  // Navigating closes the phone menu.
  if (shownPath !== pathname) {
    setShownPath(pathname);
    setOpen(false);
  }
  const active = activeHref(pathname, items.map((i) => i.href));
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[15rem_1fr]">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm dark:focus:bg-slate-900">
        Skip to content
      </a>
      <header className="sticky top-0 z-20 flex items-center justify-between border-b border-slate-200 bg-white px-3 py-2 md:hidden dark:border-slate-800 dark:bg-slate-900">
        <button
          type="button"
          aria-expanded={open}
          aria-controls="main-nav"
          onClick={() => setOpen((o) => !o)}
          className="rounded-md px-2 py-1.5 text-sm font-medium hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          <span aria-hidden>☰</span> Menu
        </button>
        <span className="font-semibold">Checkpoint</span>
        <UserMenu {...user} />
      </header>
      <aside
        id="main-nav"
        className={`${open ? "block" : "hidden"} border-b border-slate-200 bg-white md:sticky md:top-0 md:block md:h-dvh md:border-r md:border-b-0 dark:border-slate-800 dark:bg-slate-900`}
      >
        <div className="hidden items-center gap-2 px-4 py-4 font-semibold md:flex">
          <span aria-hidden className="inline-block size-7 rounded-md bg-brand-600 text-center leading-7 text-white">✓</span>
          Checkpoint
        </div>
        <nav aria-label="Main" className="px-2 py-2">
          <ul className="space-y-0.5">
            {items.map((i) => (
              <li key={i.href}>
                <Link
                  href={i.href}
                  aria-current={i.href === active ? "page" : undefined}
                  className="block rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-brand-50 aria-[current=page]:font-medium aria-[current=page]:text-brand-700 dark:text-slate-300 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-slate-800 dark:aria-[current=page]:text-white"
                >
                  {i.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="space-y-1 border-t border-slate-200 px-2 py-3 md:absolute md:inset-x-0 md:bottom-0 dark:border-slate-800">
          <ThemeToggle />
          <div className="hidden md:block">
            <UserMenu {...user} up />
          </div>
        </div>
      </aside>
      <main id="main" className="min-w-0 px-4 py-6 md:px-8">
        {children}
      </main>
    </div>
  );
}
