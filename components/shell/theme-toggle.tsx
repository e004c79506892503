"use client";
import { useEffect, useState } from "react";

/** Light / dark, saved in localStorage "theme" (the root layout applies it before paint). */
export function ThemeToggle() {
  const [dark, setDark] = useState<boolean | null>(null);
  useEffect(() => setDark(document.documentElement.classList.contains("dark")), []);
  function toggle() {
    const next = !document.documentElement.classList.contains("dark");
    document.documentElement.classList.toggle("dark", next);
    try {
      localStorage.setItem("theme", next ? "dark" : "light");
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    setDark(next);
  }
  return (
    <button
      type="button"
      onClick={toggle}
      aria-pressed={dark ?? undefined}
      className="rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
    >
      <span aria-hidden>{dark ? "☀" : "☾"}</span> Dark mode
    </button>
  );
}
