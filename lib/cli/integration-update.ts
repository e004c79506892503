import { z, ZodError } from "zod";
import { prisma } from "../db/index.ts";
import { DomainError } from "../errors.ts";
import { cliActor } from "../audit/record.ts";
import { inputFromSettings, settingsSelect, updateIntegration } from "../integrations/update-integration.ts";
import type { UpdateIntegrationInput } from "../validation/integration.ts";
import { providers } from "../validation/veriff-settings.ts";
import { veriffWebhookUrl } from "../veriff/intake.ts";
import { isUuid } from "../validation/uuid.ts";
import { integrationSettingsSelect } from "../integrations/settings-select.ts";
import { planFromDb } from "../integrations/plan.ts";
import { defaultTemplates, emailLanguages, storedTemplates } from "../email/templates.ts";

const bool = z.enum(["true", "false"], { message: 'must be "true" or "false"' }).transform((v) => v === "true");

/**
 * `integration update ID [--flag value]...`: each CLI flag, its parser, and the updateIntegration
 * field it sets. To add a flag, add one line here (commands.ts derives the parseArgs options and
 * the usage from it). A flag left out keeps the integration's current value; "" clears an
 * optional URL.
 */
export const updateFlags = {
  name: { field: "name", schema: z.string() },
  callback: { field: "callbackUrl", schema: z.string() },
  "decision-webhook": { field: "decisionWebhookUrl", schema: z.string() },
  "event-webhook": { field: "eventWebhookUrl", schema: z.string() },
  "rate-cap": { field: "rateCap", schema: z.string() },
  review: { field: "reviewEnabled", schema: bool },
  active: { field: "active", schema: bool },
  provider: { field: "provider", schema: z.enum(providers) },
  "veriff-base-url": { field: "veriffBaseUrl", schema: z.string() },
  "veriff-api-key": { field: "veriffApiKey", schema: z.string() },
  "veriff-shared-secret": { field: "veriffSharedSecret", schema: z.string() },
  "auto-decide": { field: "autoDecide", schema: bool },
  // Merged into the stored engine rules (the other rules keep their values).
  "min-age": { field: "engineSettings", schema: z.string().transform((minAge) => ({ minAge })) },
  // The hosted flow's branding ("" clears one).
  "display-name": { field: "brandDisplayName", schema: z.string() },
  "logo-url": { field: "brandLogoUrl", schema: z.string() },
  "accent-color": { field: "brandAccentColor", schema: z.string() },
  "privacy-url": { field: "privacyPolicyUrl", schema: z.string() },
  "support-email": { field: "supportEmail", schema: z.string() },
  // Days after the final state; "forever" (or "") keeps them, 0 removes them at the next `retention run`.
  "media-retention-days": { field: "mediaRetentionDays", schema: z.string() },
  "data-retention-days": { field: "dataRetentionDays", schema: z.string() },
  // Merged into the stored template of --email-lang (default en); "\n" in the text is a line break.
  "email-lang": { field: "emailTemplates", schema: z.enum(emailLanguages).transform((lang) => ({ lang })) },
  "email-subject": { field: "emailTemplates", schema: z.string().transform((subject) => ({ subject })) },
  "email-text": { field: "emailTemplates", schema: z.string().transform((text) => ({ text: text.replace(/\\n/g, "\n") })) },
  "email-reminder-days": { field: "emailReminderDays", schema: z.string() },
} as const satisfies Record<string, { field: keyof UpdateIntegrationInput; schema: z.ZodType }>;

export type UpdateFlag = keyof typeof updateFlags;

export const updateFlagsSchema = z.object(
  Object.fromEntries(Object.entries(updateFlags).map(([flag, f]) => [flag, f.schema.optional()])) as { [K in UpdateFlag]: z.ZodOptional<(typeof updateFlags)[K]["schema"]> },
);

export async function runIntegrationUpdate(id: string | undefined, values: Record<string, unknown>) {
  if (!isUuid(id)) {
    throw new DomainError("usage", "Give the integration id (a UUID) as the first argument (see `integration list`).");
  }
  const parsed = updateFlagsSchema.safeParse(values);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new DomainError("usage", `--${String(i.path[0])} ${i.message}.`);
  }
  const current = await prisma().integration.findUnique({ where: { id }, select: settingsSelect });
  if (!current) throw new DomainError("not_found", `No integration ${id} (see \`integration list\`).`);
  const input = inputFromSettings(id, current);
  const given = parsed.data as Record<string, unknown>;
  const emailEdit: { lang?: (typeof emailLanguages)[number]; subject?: string; text?: string } = {};
  for (const [flag, f] of Object.entries(updateFlags)) {
    if (given[flag] === undefined) continue;
    if (f.field === "emailTemplates") {
      Object.assign(emailEdit, given[flag]);
      continue;
    }
    const value = f.field === "engineSettings" ? { ...((current.engineSettings as object | null) ?? {}), ...(given[flag] as object) } : given[flag];
    (input as Record<string, unknown>)[f.field] = value;
  }
  if (emailEdit.subject !== undefined || emailEdit.text !== undefined) {
    const lang = emailEdit.lang ?? "en";
    const stored = storedTemplates.parse(current.emailTemplates ?? {});
    const base = stored[lang] ?? defaultTemplates[lang];
    input.emailTemplates = { ...stored, [lang]: { subject: emailEdit.subject ?? base.subject, text: emailEdit.text ?? base.text } };
  }
  let r;
  try {
    r = await updateIntegration(input, cliActor);
  } catch (e) {
    // Name the flag, not the field.
    const flagOf = (field: string) => Object.entries(updateFlags).find(([, f]) => f.field === field)?.[0];
    // An e-mail template's issue is at emailTemplates.<lang>.subject|text.
    const flagOfIssue = (i: ZodError["issues"][number]) => (i.path[0] === "emailTemplates" ? `email-${String(i.path[2])}` : (flagOf(String(i.path[0])) ?? String(i.path[0])));
    if (e instanceof ZodError) throw new DomainError("usage", e.issues.map((i) => `--${flagOfIssue(i)}: ${i.message}`).join("; "));
    if (e instanceof DomainError && e.field && flagOf(e.field)) throw new DomainError(e.code, `--${flagOf(e.field)}: ${e.message}`);
    throw e;
  }
  const stored = await prisma().integration.findUniqueOrThrow({ where: { id }, select: integrationSettingsSelect });
  const after = { ...stored, plan: planFromDb(stored.plan) };
  return { changed: r.changed, ...after, ...(after.provider === "veriff" ? { veriffWebhookUrl: veriffWebhookUrl(id) } : {}) };
}
