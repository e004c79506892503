"use client";
import { useState } from "react";
import { useMounted } from "@/components/ui/use-mounted";

/**
 * Light / dark, saved in localStorage "theme" (the root layout applies it before paint). The
 * button names the mode it switches to ("Switch to dark mode"), as a button's label should.
 */
export function ThemeToggle() {
  const mounted = useMounted();
  const [chosen, setChosen] = useState<boolean | null>(null);
  const dark = chosen ?? (mounted ? document.documentElement.classList.contains("dark") : false);
  function toggle() {
    const next = !document.documentElement.classList.contains("dark");
    document.documentElement.classList.toggle("dark", next);
    try {
      localStorage.setItem("theme", next ? "dark" : "light");
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    setChosen(next);
  }
  return (
    <button
      type="button"
      onClick={toggle}
      className="rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
    >
      <span aria-hidden>{dark ? "☀" : "☾"}</span> {dark ? "Switch to light mode" : "Switch to dark mode"}
    </button>
  );
}
