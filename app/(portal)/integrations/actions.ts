"use server";
import { revalidatePath } from "next/cache";
import { actorFor, requirePermission } from "@/lib/auth/current-user";
import { failure, formValues, type FormState } from "@/lib/actions/form-state";
import { createIntegration, type CreatedIntegration } from "@/lib/integrations/create-integration";
import { updateIntegration } from "@/lib/integrations/update-integration";
import { documentTypes, type EngineSettingsInput } from "@/lib/engine/settings";
import { sendTestWebhook, type TestWebhookResult } from "@/lib/integrations/send-test-webhook";
import { createApiKey, type CreatedKey } from "@/lib/keys/create-key";
import { revokeApiKey, rotateApiKey } from "@/lib/keys/revoke-key";

export async function createIntegrationAction(_prev: FormState<CreatedIntegration>, form: FormData): Promise<FormState<CreatedIntegration>> {
  const values = formValues(form);
  try {
    const actor = await actorFor(await requirePermission("integrations.manage"));
    const created = await createIntegration({ name: values.name ?? "", environment: values.environment as "test", plan: values.plan as "enterprise" }, actor);
    revalidatePath("/integrations");
    return { ok: true, message: `Integration "${created.name}" created.`, result: created };
  } catch (e) {
    return failure(e, values);
  }
}

export async function updateIntegrationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  try {
    const actor = await actorFor(await requirePermission("integrations.manage"));
    const r = await updateIntegration(
      {
        id: values.id ?? "",
        name: values.name ?? "",
        callbackUrl: values.callbackUrl,
        decisionWebhookUrl: values.decisionWebhookUrl,
        eventWebhookUrl: values.eventWebhookUrl,
        rateCap: values.rateCap,
        reviewEnabled: values.reviewEnabled,
        active: values.active,
        autoDecide: values.autoDecide ?? "",
        engineSettings: engineSettingsFromForm(values),
      },
      actor,
    );
    revalidatePath(`/integrations/${values.id}`);
    return { ok: true, message: r.changed ? "Settings saved." : "Nothing changed.", values };
  } catch (e) {
    return failure(e, values);
  }
}

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

export async function sendTestWebhookAction(_prev: FormState<TestWebhookResult>, form: FormData): Promise<FormState<TestWebhookResult>> {
  const values = formValues(form);
  try {
    const actor = await actorFor(await requirePermission("integrations.manage"));
    const result = await sendTestWebhook(values.id ?? "", actor);
    const ok = result.statusCode !== null && result.statusCode < 300;
    return { ok, message: result.statusCode === null ? `Not delivered: ${result.error}` : `The receiver answered ${result.statusCode} in ${result.durationMs} ms.`, result };
  } catch (e) {
    return failure(e, values);
  }
}

export async function createKeyAction(_prev: FormState<CreatedKey>, form: FormData): Promise<FormState<CreatedKey>> {
  const values = formValues(form);
  try {
    const actor = await actorFor(await requirePermission("keys.manage"));
    const created = await createApiKey({ integrationId: values.integrationId ?? "", label: values.label ?? "" }, actor);
    revalidatePath(`/integrations/${values.integrationId}`);
    return { ok: true, message: `Key "${created.label}" created.`, result: created };
  } catch (e) {
    return failure(e, values);
  }
}

export async function rotateKeyAction(_prev: FormState<CreatedKey & { oldKeyValidUntil: Date }>, form: FormData): Promise<FormState<CreatedKey & { oldKeyValidUntil: Date }>> {
  const values = formValues(form);
  try {
    const actor = await actorFor(await requirePermission("keys.manage"));
    const created = await rotateApiKey({ keyId: values.keyId ?? "", grace: values.grace as "none", label: values.label }, actor);
    revalidatePath(`/integrations/${values.integrationId}`);
    return { ok: true, message: "Key rotated: switch your integration to the new key.", result: created };
  } catch (e) {
    return failure(e, values);
  }
}

export async function revokeKeyAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  try {
    const actor = await actorFor(await requirePermission("keys.manage"));
    await revokeApiKey({ keyId: values.keyId ?? "" }, actor);
    revalidatePath(`/integrations/${values.integrationId}`);
    return { ok: true, message: "Key revoked." };
  } catch (e) {
    return failure(e, values);
  }
}
