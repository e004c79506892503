import { requirePortal } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { navItems } from "@/components/shell/nav-items";
import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/components/providers";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  // The gates that do not depend on the page (signed in, pending steps first); each page checks its own permission (requirePage).
  const user = await requirePortal();
  const items = navItems.filter((i) => can(user.role, i.permission)).map(({ href, label }) => ({ href, label }));
  return (
    <Providers>
      <AppShell items={items} user={{ name: user.name, email: user.email, role: user.role }}>
        {children}
      </AppShell>
    </Providers>
  );
}
