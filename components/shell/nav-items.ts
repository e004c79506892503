import type { Permission } from "@/lib/auth/permissions";

export type NavIcon = "list" | "plus" | "inbox" | "plug" | "key" | "users" | "scroll" | "send" | "shield";

/** The portal's navigation; each item shows only to roles holding its permission (the pages check it again). */
export const navItems: { href: string; label: string; permission: Permission; icon: NavIcon }[] = [
  { href: "/sessions", label: "All verifications", permission: "sessions.read", icon: "list" },
  { href: "/sessions/new", label: "Add Verification", permission: "sessions.create", icon: "plus" },
  { href: "/review", label: "Review queue", permission: "sessions.decide", icon: "inbox" },
  { href: "/integrations", label: "Integrations", permission: "integrations.read", icon: "plug" },
  { href: "/api-keys", label: "API keys", permission: "keys.manage", icon: "key" },
  { href: "/team", label: "Team", permission: "team.manage", icon: "users" },
  { href: "/audit", label: "Audit log", permission: "audit.read", icon: "scroll" },
  { href: "/privacy", label: "Data requests", permission: "privacy.manage", icon: "shield" },
  { href: "/webhooks", label: "Webhook deliveries", permission: "webhooks.read", icon: "send" },
];

/** The item a path belongs to: the longest matching href ("/sessions/new" wins over "/sessions"). */
export function activeHref(pathname: string, hrefs: string[]): string | undefined {
  return hrefs.filter((h) => pathname === h || pathname.startsWith(`${h}/`)).sort((a, b) => b.length - a.length)[0];
}
