"use client";
import Link from "next/link";
import { useActionState } from "react";
import { createIntegrationAction } from "../actions";
import { Field } from "@/components/ui/field";
import { Button, buttonClass } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { cardClass } from "@/components/ui/page";
import { Select } from "@/components/ui/field";
import { CopyField } from "@/components/ui/copy-field";
import { VeriffFields } from "@/components/ui/veriff-fields";
import type { FormState } from "@/lib/actions/form-state";
import type { CreatedIntegration } from "@/lib/integrations/create-integration";

export function CreateIntegrationForm() {
  const [state, action, pending] = useActionState<FormState<CreatedIntegration>, FormData>(createIntegrationAction, { ok: false });
  const created = state.ok ? state.result : undefined;
  if (created) {
    return (
      <div className={`${cardClass} space-y-4`}>
        <FormMessage state={state} />
        <p className="text-sm font-medium text-amber-800 dark:text-amber-300">Copy the shared secret now: it is shown only this once.</p>
        <CopyField label="Integration id" value={created.id} />
        <CopyField label="API key" value={created.apiKey} />
        <CopyField label="Shared secret" value={created.sharedSecret} secret />
        {created.veriffWebhookUrl && (
          <div className="space-y-1">
            <CopyField label="Veriff webhook URL" value={created.veriffWebhookUrl} />
            <p className="text-xs text-slate-600 dark:text-slate-400">
              In Veriff&apos;s Customer Portal, set this integration&apos;s &quot;Webhook decisions URL&quot; and &quot;Webhook events URL&quot; to this address.
            </p>
          </div>
        )}
        <Link href={`/integrations/${created.id}`} className={buttonClass()}>
          I have stored it — open the integration
        </Link>
      </div>
    );
  }
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    // Remounted with what was submitted after a refusal (React resets a form after its action).
    <form action={action} className={`${cardClass} space-y-4`} noValidate key={JSON.stringify(state.values ?? null)}>
      <FormMessage state={state} />
      <Field label="Name" name="name" defaultValue={v.name} error={e.name} required />
      <Select label="Environment" name="environment" defaultValue={v.environment ?? "test"} error={e.environment}>
        <option value="test">Test</option>
        <option value="live">Live</option>
      </Select>
      <Select label="Plan" name="plan" defaultValue={v.plan ?? "self-serve"} error={e.plan}>
        <option value="self-serve">Self-serve (30 sessions/min)</option>
        <option value="enterprise">Enterprise (600 sessions/min)</option>
      </Select>
      <VeriffFields values={v} errors={e} />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create integration"}
      </Button>
    </form>
  );
}
