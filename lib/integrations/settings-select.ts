import type { Prisma } from "../generated/prisma/client.ts";

/** An integration's settings as the portal's page and the CLI show them (no secrets: hints only). */
export const integrationSettingsSelect = {
  id: true,
  name: true,
  environment: true,
  plan: true,
  active: true,
  callbackUrl: true,
  decisionWebhookUrl: true,
  eventWebhookUrl: true,
  reviewEnabled: true,
  rateCap: true,
  autoDecide: true,
  engineSettings: true,
  mediaRetentionDays: true,
  dataRetentionDays: true,
  emailTemplates: true,
  emailReminderDays: true,
  provider: true,
  veriffBaseUrl: true,
  veriffApiKeyHint: true,
  brandDisplayName: true,
  brandLogoUrl: true,
  brandAccentColor: true,
  privacyPolicyUrl: true,
  supportEmail: true,
} as const satisfies Prisma.IntegrationSelect;
