"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/lib/actions/form-action";
import { createIntegration } from "@/lib/integrations/create-integration";
import { updateIntegration } from "@/lib/integrations/update-integration";
import { sendTestWebhook } from "@/lib/integrations/send-test-webhook";
import { createApiKey } from "@/lib/keys/create-key";
import { revokeApiKey, rotateApiKey } from "@/lib/keys/revoke-key";
import { createIntegrationInput, updateIntegrationInput } from "@/lib/validation/integration";
import { createKeyInput, revokeKeyInput, rotateKeyInput } from "@/lib/validation/api-key";
import { uuidSchema } from "@/lib/validation/uuid";

// The key forms also name their integration, for the page to refresh.
const ofIntegration = { integrationId: uuidSchema("Unknown integration.") };

export const createIntegrationAction = formAction({ permission: "integrations.manage", schema: createIntegrationInput }, async (input, { actor }) => {
  const created = await createIntegration(input, actor);
  revalidatePath("/integrations");
  return { message: `Integration "${created.name}" created.`, result: created };
});

export const updateIntegrationAction = formAction({ permission: "integrations.manage", schema: updateIntegrationInput }, async (input, { actor, values }) => {
  const r = await updateIntegration(input, actor);
  revalidatePath(`/integrations/${input.id}`);
  return { message: r.changed ? "Settings saved." : "Nothing changed.", values };
});

export const sendTestWebhookAction = formAction({ permission: "integrations.manage", schema: z.object({ id: uuidSchema("Unknown integration.") }) }, async ({ id }, { actor }) => {
  const result = await sendTestWebhook(id, actor);
  const ok = result.statusCode !== null && result.statusCode < 300;
  return { ok, message: result.statusCode === null ? `Not delivered: ${result.error}` : `The receiver answered ${result.statusCode} in ${result.durationMs} ms.`, result };
});

export const createKeyAction = formAction({ permission: "keys.manage", schema: createKeyInput }, async (input, { actor }) => {
  const created = await createApiKey(input, actor);
  revalidatePath(`/integrations/${input.integrationId}`);
  return { message: `Key "${created.label}" created.`, result: created };
});

export const rotateKeyAction = formAction({ permission: "keys.manage", schema: rotateKeyInput.extend(ofIntegration) }, async (input, { actor }) => {
  const created = await rotateApiKey(input, actor);
  revalidatePath(`/integrations/${input.integrationId}`);
  return { message: "Key rotated: switch your integration to the new key.", result: created };
});

export const revokeKeyAction = formAction({ permission: "keys.manage", schema: revokeKeyInput.extend(ofIntegration) }, async (input, { actor }) => {
  await revokeApiKey(input, actor);
  revalidatePath(`/integrations/${input.integrationId}`);
  return { message: "Key revoked." };
});
