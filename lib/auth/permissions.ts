import type { Role } from "../validation/user.ts";

/** Every permission the back office checks, and the roles that hold it. The server asks this table; the UI only mirrors it. */
export const permissions = {
  "sessions.read": ["admin", "operator", "reviewer"],
  "sessions.create": ["admin", "operator"],
  "sessions.decide": ["admin", "reviewer"],
  "sessions.delete": ["admin"],
  // Data-protection requests: redact or erase a person, export their data (the /privacy screen).
  "privacy.manage": ["admin"],
  "integrations.read": ["admin"],
  "integrations.manage": ["admin"],
  "keys.manage": ["admin"],
  "team.manage": ["admin"],
  "audit.read": ["admin"],
  "webhooks.read": ["admin"],
  "webhooks.resend": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role | undefined | null, permission: Permission): boolean {
  return !!role && (permissions[permission] as readonly Role[]).includes(role);
}
