import { prisma } from "../db/index.ts";
import { assertSavableWebhookUrls } from "../webhooks/assert-webhook-url.ts";
import { encryptSecret, generateSharedSecret } from "../crypto/secrets.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { createIntegrationInput, type CreateIntegrationInput, type Plan } from "../validation/integration.ts";
import { planToDb } from "./plan.ts";
import { resolveProviderColumns } from "./veriff-settings.ts";
import { veriffWebhookUrl } from "../veriff/intake.ts";
import { assertIntegrationNameFree } from "./unique-name.ts";

export interface CreatedIntegration {
  id: string;
  name: string;
  environment: "test" | "live";
  plan: Plan;
  apiKey: string;
  sharedSecret: string;
  provider: "checkpoint" | "veriff";
  /** Where Veriff must send this integration's decision and event webhooks (Veriff-backed only). */
  veriffWebhookUrl?: string;
}

/** Creates an integration with its first API key; the shared secret is returned this once. */
export async function createIntegration(input: CreateIntegrationInput, actor: Actor): Promise<CreatedIntegration> {
  const data = createIntegrationInput.parse(input);
  await assertSavableWebhookUrls({ decisionWebhookUrl: data.decisionWebhookUrl, eventWebhookUrl: data.eventWebhookUrl });
  const sharedSecret = generateSharedSecret();
  // Checked against Veriff before anything is written: wrong settings store nothing.
  const { columns } = await resolveProviderColumns(data, null);
  return prisma().$transaction(async (tx) => {
    await assertIntegrationNameFree(tx, data.name);
    const integration = await tx.integration.create({
      data: {
        name: data.name,
        environment: data.environment,
        plan: planToDb(data.plan),
        callbackUrl: data.callbackUrl ?? null,
        decisionWebhookUrl: data.decisionWebhookUrl ?? null,
        eventWebhookUrl: data.eventWebhookUrl ?? null,
        reviewEnabled: data.reviewEnabled,
        rateCap: data.rateCap ?? null,
        ...columns,
        autoDecide: data.autoDecide,
        ...(data.engineSettings ? { engineSettings: data.engineSettings } : {}),
      },
    });
    const key = await tx.apiKey.create({
      data: {
        integrationId: integration.id,
        label: "Default",
        secretCiphertext: encryptSecret(sharedSecret),
        secretHint: sharedSecret.slice(-4),
        createdById: actor.id ?? null,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, "integration.create", { type: "integration", id: integration.id }, {
      after: {
        name: data.name,
        environment: data.environment,
        plan: data.plan,
        rateCap: data.rateCap ?? null,
        apiKey: key.id,
        autoDecide: data.autoDecide,
        engineSettings: data.engineSettings ?? null,
        provider: columns.provider,
        ...(columns.provider === "veriff" ? { veriffBaseUrl: columns.veriffBaseUrl, veriffApiKey: `…${columns.veriffApiKeyHint}` } : {}),
      },
    });
    return {
      id: integration.id,
      name: integration.name,
      environment: integration.environment,
      plan: data.plan,
      apiKey: key.id,
      sharedSecret,
      provider: columns.provider,
      ...(columns.provider === "veriff" ? { veriffWebhookUrl: veriffWebhookUrl(integration.id) } : {}),
    };
  });
}
