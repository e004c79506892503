import { z } from "zod";
import { callbackUrl, formBoolean, optional, webhookUrl } from "./common.ts";
import { uuidSchema } from "./uuid.ts";
import { veriffSettingsFields } from "./veriff-settings.ts";
import { engineSettingsInput } from "../engine/settings.ts";
import { brandingFields } from "./branding.ts";
import { limits } from "./limits.ts";
import { emailLanguages } from "../email/templates.ts";

export const environments = ["test", "live"] as const;
export const plans = ["enterprise", "self-serve"] as const;
export type Plan = (typeof plans)[number];

const retentionMessage = "must be a whole number of days from 0 to 36500, or empty for forever.";
/** Days of retention after a session's final state: "" or "forever" is null (kept for ever), 0 the next retention run. */
export const retentionDays = z.preprocess(
  (v) => (v === "" || v === "forever" || v === null ? null : typeof v === "string" ? (/^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN) : v),
  z.number({ message: retentionMessage }).int(retentionMessage).min(0, retentionMessage).max(36500, retentionMessage).nullable(),
);

export const createIntegrationInput = z.object({
  name: z.string().trim().min(1, "Name is required.").max(limits.name, `Name is at most ${limits.name} characters.`),
  environment: z.enum(environments).default("test"),
  plan: z.enum(plans).default("self-serve"),
  callbackUrl: optional(callbackUrl),
  decisionWebhookUrl: optional(webhookUrl),
  eventWebhookUrl: optional(webhookUrl),
  reviewEnabled: z.boolean().default(false),
  rateCap: optional(z.coerce.number().int().min(1, "Rate cap must be at least 1.").max(1_000_000)),
  ...veriffSettingsFields,
  /** The verification engine decides submitted attempts. */
  autoDecide: z.boolean().default(false),
  /** The engine's rules; omitted fields keep their defaults (lib/engine/settings.ts). */
  engineSettings: engineSettingsInput.optional(),
});
export type CreateIntegrationInput = z.input<typeof createIntegrationInput>;

/** Per-language e-mail templates; placeholders {link} {name} {integration} {expires}. */
export const emailTemplatesInput = z.partialRecord(
  z.enum(emailLanguages),
  z.object({
    subject: z.string().trim().min(1, "The subject is required.").max(200, "The subject is at most 200 characters."),
    text: z
      .string()
      .trim()
      .min(1, "The text is required.")
      .max(5000, "The text is at most 5000 characters.")
      .refine((t) => t.includes("{link}"), "The text must contain {link}, where the session's link goes."),
  }),
);

export const updateIntegrationInput = z.object({
  id: uuidSchema("Unknown integration."),
  name: createIntegrationInput.shape.name,
  callbackUrl: optional(callbackUrl),
  decisionWebhookUrl: optional(webhookUrl),
  eventWebhookUrl: optional(webhookUrl),
  reviewEnabled: formBoolean,
  active: formBoolean,
  rateCap: optional(
    z.coerce
      .number({ message: "Rate cap must be a whole number of sessions per minute." })
      .int("Rate cap must be a whole number of sessions per minute.")
      .min(1, "Rate cap must be at least 1.")
      .max(1_000_000, "Rate cap is at most 1,000,000."),
  ),
  ...veriffSettingsFields,
  /** Omitted: unchanged (callers that predate the engine keep working). */
  autoDecide: formBoolean.optional(),
  /** Omitted: unchanged; given: replaces the stored rules (omitted fields take their defaults). */
  engineSettings: engineSettingsInput.optional(),
  /** Each omitted: unchanged; given empty: cleared. */
  ...brandingFields,
  /** Omitted: unchanged; null: kept for ever (lib/privacy/run-retention.ts). */
  mediaRetentionDays: retentionDays.optional(),
  dataRetentionDays: retentionDays.optional(),
  /** Omitted: unchanged; given: replaces the stored templates (a language left out uses the shipped default). */
  emailTemplates: emailTemplatesInput.optional(),
  /** Omitted: unchanged; null (or empty): no reminder. */
  emailReminderDays: z
    .preprocess(
      (v) => (v === "" ? null : v),
      z.coerce.number({ message: "Reminder must be a whole number of days." }).int("Reminder must be a whole number of days.").min(1, "Reminder is at least 1 day before expiry.").max(6, "Sessions expire after 7 days: a reminder is at most 6 days before.").nullable(),
    )
    .optional(),
});
export type UpdateIntegrationInput = z.input<typeof updateIntegrationInput>;
