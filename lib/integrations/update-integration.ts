import { prisma } from "../db/index.ts";
import { assertSavableWebhookUrls } from "../webhooks/assert-webhook-url.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { updateIntegrationInput, type UpdateIntegrationInput } from "../validation/integration.ts";
import { DomainError } from "../errors.ts";
import { providerColumnsSelect, resolveProviderColumns } from "./veriff-settings.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { brandingKeys } from "../validation/branding.ts";
import { assertIntegrationNameFree } from "./unique-name.ts";

/** The columns an integration's settings form (and the CLI's `integration update`) edits. */
export const settingsSelect = {
  name: true,
  callbackUrl: true,
  decisionWebhookUrl: true,
  eventWebhookUrl: true,
  reviewEnabled: true,
  active: true,
  rateCap: true,
  autoDecide: true,
  engineSettings: true,
  brandDisplayName: true,
  brandLogoUrl: true,
  brandAccentColor: true,
  privacyPolicyUrl: true,
  supportEmail: true,
  mediaRetentionDays: true,
  dataRetentionDays: true,
  emailTemplates: true,
  emailReminderDays: true,
} as const;

/** A value as compared for the audit's before/after: JSON with sorted keys; an empty object is no value (templates, rules: the defaults). */
const isEmptyObject = (v: unknown) => !!v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0;
const stable = (v: unknown): string =>
  JSON.stringify(isEmptyObject(v) ? null : (v ?? null), (_k, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

type Settings = Prisma.IntegrationGetPayload<{ select: typeof settingsSelect }>;

/** The settings columns that may be empty: null in the database, absent in the update input. */
const optionalColumns = ["callbackUrl", "decisionWebhookUrl", "eventWebhookUrl", "rateCap"] as const;
type OptionalColumn = (typeof optionalColumns)[number];
const columnsOf = <T>(src: Partial<Record<OptionalColumn, unknown>>, empty: T) =>
  Object.fromEntries(optionalColumns.map((k) => [k, src[k] ?? empty])) as { [K in OptionalColumn]: NonNullable<Settings[K]> | T };

/** The stored settings as the update input: what a partial update (the CLI's `integration update`) starts from. */
export function inputFromSettings(id: string, s: Settings): UpdateIntegrationInput {
  return { id, name: s.name, reviewEnabled: s.reviewEnabled, active: s.active, ...columnsOf(s, undefined) };
}

/** Saves an integration's settings; the audit row holds the fields that changed, before and after. */
export async function updateIntegration(input: UpdateIntegrationInput, actor: Actor) {
  const data = updateIntegrationInput.parse(input);
  await assertSavableWebhookUrls({ decisionWebhookUrl: data.decisionWebhookUrl, eventWebhookUrl: data.eventWebhookUrl });
  const next = {
    name: data.name,
    reviewEnabled: data.reviewEnabled,
    active: data.active,
    ...columnsOf(data, null),
    ...(data.autoDecide !== undefined ? { autoDecide: data.autoDecide } : {}),
    ...(data.engineSettings !== undefined ? { engineSettings: data.engineSettings as Prisma.InputJsonObject } : {}),
    ...(data.mediaRetentionDays !== undefined ? { mediaRetentionDays: data.mediaRetentionDays } : {}),
    ...(data.dataRetentionDays !== undefined ? { dataRetentionDays: data.dataRetentionDays } : {}),
    ...(data.emailTemplates !== undefined ? { emailTemplates: data.emailTemplates as Prisma.InputJsonObject } : {}),
    ...(data.emailReminderDays !== undefined ? { emailReminderDays: data.emailReminderDays } : {}),
    // Branding fields the caller named (an empty one clears it); the others keep their values.
    ...Object.fromEntries(brandingKeys.filter((k) => k in input).map((k) => [k, data[k] ?? null])),
  } as { [K in keyof typeof settingsSelect]?: Prisma.IntegrationUpdateInput[K] };
  // The upstream is checked against Veriff before the transaction: no row lock or connection is
  // held across a call that may take seconds (on the embedded database the pool is one connection).
  const stored = await prisma().integration.findUnique({ where: { id: data.id }, select: providerColumnsSelect });
  if (!stored) throw new DomainError("not_found", "This integration does not exist.");
  const provider = await resolveProviderColumns(data, stored);
  return prisma().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM integrations WHERE id = ${data.id}::uuid FOR UPDATE`;
    if (!locked[0]) throw new DomainError("not_found", "This integration does not exist.");
    const current = await tx.integration.findUniqueOrThrow({ where: { id: data.id }, select: settingsSelect });
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const k of Object.keys(next) as (keyof typeof settingsSelect)[]) {
      // engineSettings is JSON: compared by value (jsonb reorders keys).
      if (stable(current[k]) !== stable(next[k])) {
        before[k] = current[k];
        after[k] = next[k];
      }
    }
    Object.assign(before, provider.before);
    Object.assign(after, provider.after);
    if (Object.keys(after).length === 0) return { changed: false };
    if ("name" in after) await assertIntegrationNameFree(tx, data.name, data.id);
    await tx.integration.update({ where: { id: data.id }, data: { ...next, ...provider.columns } });
    const action = "active" in after && Object.keys(after).length === 1 ? (next.active ? "integration.activate" : "integration.deactivate") : "integration.update";
    await recordAudit(tx, actor, action, { type: "integration", id: data.id }, { before, after });
    return { changed: true };
  });
}
