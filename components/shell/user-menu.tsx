"use client";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { signOut } from "next-auth/react";

export function UserMenu({ name, email, role, up = false }: { name: string; email: string; role: string; up?: boolean }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const menuId = useId();
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    const onClick = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        <span aria-hidden className="grid size-7 place-items-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700">
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span className="hidden sm:block">
          <span className="block font-medium">{name}</span>
          <span className="block text-xs text-slate-600 dark:text-slate-400">{role}</span>
        </span>
        <span className="sr-only">Account menu</span>
      </button>
      {open && (
        <div id={menuId} className={`absolute z-30 w-60 ${up ? "bottom-full left-0 mb-1" : "right-0 mt-1"} rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900`}>
          <div className="px-3 py-2 text-xs text-slate-600 dark:text-slate-400">
            Signed in as <span className="font-medium break-all text-slate-900 dark:text-slate-100">{email}</span> ({role})
          </div>
          <Link href="/account/password" onClick={() => setOpen(false)} className="block rounded px-3 py-2 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
            Change password
          </Link>
          <button type="button" onClick={() => signOut({ callbackUrl: "/sign-in" })} className="block w-full rounded px-3 py-2 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
