"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/lib/actions/form-action";
import { createIntegration } from "@/lib/integrations/create-integration";
import { updateIntegration } from "@/lib/integrations/update-integration";
import { sendTestWebhook } from "@/lib/integrations/send-test-webhook";
import { createApiKey } from "@/lib/keys/create-key";
import { documentTypes, type EngineSettingsInput } from "@/lib/engine/settings";
import { revokeApiKey, rotateApiKey } from "@/lib/keys/revoke-key";
import { createIntegrationInput, updateIntegrationInput } from "@/lib/validation/integration";
import { createKeyInput, revokeKeyInput, rotateKeyInput } from "@/lib/validation/api-key";
import { uuidSchema } from "@/lib/validation/uuid";
import { emailTemplatesFromForm } from "@/lib/email/templates";

// The key forms also name their integration, for the page to refresh.
const ofIntegration = { integrationId: uuidSchema("Unknown integration.") };

export const createIntegrationAction = formAction({ permission: "integrations.manage", schema: createIntegrationInput }, async (input, { actor }) => {
  const created = await createIntegration(input, actor);
  revalidatePath("/integrations");
  return { message: `Integration "${created.name}" created.`, result: created };
});

export const updateIntegrationAction = formAction(
  {
    permission: "integrations.manage",
    schema: updateIntegrationInput,
    // The engine fieldset is always on the form: an unticked "automated decisions" is off.
    input: (values) => ({
      ...values,
      autoDecide: values.autoDecide ?? "",
      engineSettings: engineSettingsFromForm(values),
      emailTemplates: emailTemplatesFromForm(values),
      emailReminderDays: values.emailReminderDays ?? "",
      mediaRetentionDays: values.mediaRetentionDays ?? "",
      dataRetentionDays: values.dataRetentionDays ?? "",
    }),
  },
  async (input, { actor, values }) => {
  const r = await updateIntegration(input, actor);
  revalidatePath(`/integrations/${input.id}`);
  return { message: r.changed ? "Settings saved." : "Nothing changed.", values };
  },
);

/** The engine fieldset's inputs (named engineSettings.<field>, one checkbox per document type); blank fields take their defaults. */
function engineSettingsFromForm(values: Record<string, string>): EngineSettingsInput {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k.startsWith("engineSettings.") && v.trim() !== "") out[k.slice("engineSettings.".length)] = v.trim();
  }
  out.acceptedDocumentTypes = documentTypes.filter((t) => values[`acceptDocument.${t}`] === "on");
  out.minAge = values["engineSettings.minAge"] ?? "";
  return out as EngineSettingsInput;
}

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
