import type { Permission } from "@/lib/auth/permissions";

/** The portal's navigation; each item shows only to roles holding its permission. */
export const navItems: { href: string; label: string; permission: Permission }[] = [
  { href: "/integrations", label: "Integrations", permission: "integrations.read" },
  { href: "/api-keys", label: "API keys", permission: "keys.manage" },
  { href: "/team", label: "Team", permission: "team.manage" },
  { href: "/audit", label: "Audit log", permission: "audit.read" },
  { href: "/webhooks", label: "Webhooks", permission: "webhooks.read" },
];
