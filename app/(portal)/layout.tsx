import Link from "next/link";
import { requirePage } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { navItems } from "@/components/shell/nav-items";
import { SignOutButton } from "@/components/shell/sign-out-button";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePage();
  const items = navItems.filter((i) => can(user.role, i.permission));
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[14rem_1fr]">
      <aside className="border-b border-slate-200 bg-white md:min-h-dvh md:border-r md:border-b-0 dark:border-slate-800 dark:bg-slate-900">
        <div className="flex items-center gap-2 px-4 py-4 font-semibold">
          <span aria-hidden className="inline-block size-7 rounded-md bg-brand-600 text-center leading-7 text-white">✓</span>
          Checkpoint
        </div>
        <nav aria-label="Main" className="flex gap-1 overflow-x-auto px-2 pb-2 md:flex-col">
          {items.map((i) => (
            <Link key={i.href} href={i.href} className="rounded-md px-3 py-2 text-sm whitespace-nowrap text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
              {i.label}
            </Link>
          ))}
        </nav>
        <div className="hidden px-4 py-4 text-sm md:block">
          <div className="font-medium">{user.name}</div>
          <div className="text-slate-500 dark:text-slate-400">{user.email} · {user.role}</div>
          <div className="mt-2"><SignOutButton /></div>
        </div>
      </aside>
      <main className="min-w-0 px-4 py-6 md:px-8">{children}</main>
    </div>
  );
}
