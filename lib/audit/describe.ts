// The audit log in words: each action as a phrase, each change as "field: before → after".
// The codes stay beside the words (filters and the CSV export use them).

const actionWords: Record<string, string> = {
  "api_key.create": "Created an API key",
  "api_key.revoke": "Revoked an API key",
  "api_key.rotate": "Rotated an API key",
  "integration.activate": "Activated an integration",
  "integration.create": "Created an integration",
  "integration.deactivate": "Deactivated an integration",
  "integration.test_webhook": "Sent a test webhook",
  "integration.update": "Changed an integration's settings",
  "session.create": "Created a verification session",
  "session.decide": "Decided a session",
  "session.delete": "Deleted a session",
  "session.veriff_decision": "Received Veriff's decision",
  "settings.two_factor_policy": "Changed the two-factor policy",
  "user.create": "Added a user",
  "user.disable": "Disabled a user",
  "user.enable": "Enabled a user",
  "user.locked": "Locked a user out after failed sign-ins",
  "user.password_change": "Changed their password",
  "user.password_reset": "Reset a user's password",
  "user.password_set": "Set a password from a link",
  "user.recovery_code_used": "Signed in with a recovery code",
  "user.role_change": "Changed a user's role",
  "user.sign_in": "Signed in",
  "user.sign_out": "Signed out",
  "user.sign_out_everywhere": "Signed out everywhere",
  "user.two_factor_enable": "Turned on two-factor sign-in",
  "user.two_factor_reset": "Reset a user's two-factor sign-in",
  "webhook.resend": "Resent a webhook",
};

/** "integration.update" → "Changed an integration's settings"; an action without words reads as its code. */
export function describeAction(action: string): string {
  return actionWords[action] ?? action.replace(/[._]/g, " ").replace(/^./, (c) => c.toUpperCase());
}

const fieldWords: Record<string, string> = {
  rateCap: "Rate cap",
  callbackUrl: "Default callback URL",
  decisionWebhookUrl: "Decision webhook URL",
  eventWebhookUrl: "Event webhook URL",
  reviewEnabled: "Review status",
  autoDecide: "Automated decisions",
  engineSettings: "Engine rules",
  brandDisplayName: "Display name",
  brandLogoUrl: "Logo URL",
  brandAccentColor: "Accent colour",
  privacyPolicyUrl: "Privacy-policy URL",
  supportEmail: "Support e-mail",
  revokedAt: "Valid until",
  integrationId: "Integration",
  newApiKey: "New API key",
  apiKey: "API key",
  reasonCode: "Reason code",
  vendorData: "Vendor data",
  veriffBaseUrl: "Veriff base URL",
  veriffApiKey: "Veriff API key",
};

export function fieldName(key: string): string {
  if (fieldWords[key]) return fieldWords[key];
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A stored value as text: "yes"/"no", "(none)", numbers and strings as they are, objects as compact JSON. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined || v === "") return "(none)";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "string" || typeof v === "number") return String(v);
  return JSON.stringify(v);
}

export interface AuditChange {
  field: string;
  before: string | null;
  after: string | null;
}

/**
 * Before and after as one list of fields: a field in both is a change (before → after), one only
 * after is a value set, one only before a value removed. Fields whose text is equal are left out.
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const b = before && typeof before === "object" && !Array.isArray(before) ? (before as Record<string, unknown>) : {};
  const a = after && typeof after === "object" && !Array.isArray(after) ? (after as Record<string, unknown>) : {};
  const out: AuditChange[] = [];
  for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
    const from = key in b ? valueText(b[key]) : null;
    const to = key in a ? valueText(a[key]) : null;
    if (from !== null && to !== null && from === to) continue;
    out.push({ field: fieldName(key), before: from, after: to });
  }
  return out;
}
