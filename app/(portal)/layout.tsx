import { requirePage } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { navItems } from "@/components/shell/nav-items";
import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/components/providers";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  // Each page gates itself (requirePage); the layout only needs someone signed in.
  const user = await requirePage(undefined, { allowPending: "any" });
  const items = navItems.filter((i) => can(user.role, i.permission)).map(({ href, label }) => ({ href, label }));
  return (
    <Providers>
      <AppShell items={items} user={{ name: user.name, email: user.email, role: user.role }}>
        {children}
      </AppShell>
    </Providers>
  );
}
