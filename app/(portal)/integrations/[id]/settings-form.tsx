"use client";
import { useActionState } from "react";
import { updateIntegrationAction } from "../actions";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/lib/actions/form-state";
import { VeriffFields } from "@/components/ui/veriff-fields";

type Values = Record<"id" | "name" | "callbackUrl" | "decisionWebhookUrl" | "eventWebhookUrl" | "rateCap" | "reviewEnabled" | "active" | "provider" | "veriffBaseUrl", string>;

export function SettingsForm({ initial, planCap, stored }: { initial: Values; planCap: number; stored: { apiKeyHint: string | null; secretHint: string | null } }) {
  const [state, action, pending] = useActionState<FormState, FormData>(updateIntegrationAction, { ok: false });
  // After a save or a failure the form shows what was submitted, not the page's first load.
  const v: Record<string, string | undefined> = state.values ?? initial;
  const e = state.fieldErrors ?? {};
  const checked = (k: string) => (state.values ? state.values[k] === "on" : initial[k as keyof Values] === "on");
  return (
    <form action={action} className="space-y-4" noValidate key={JSON.stringify(state.values ?? null)}>
      <FormMessage state={state} />
      <input type="hidden" name="id" value={initial.id} />
      <Field label="Name" name="name" defaultValue={v.name} error={e.name} required />
      <Field label="Default callback URL" name="callbackUrl" type="url" placeholder="https://example.com/verified" defaultValue={v.callbackUrl} error={e.callbackUrl} hint="Where people return after the flow, unless a session sets its own." />
      <Field label="Decision webhook URL" name="decisionWebhookUrl" type="url" placeholder="https://example.com/hooks/decision" defaultValue={v.decisionWebhookUrl} error={e.decisionWebhookUrl} />
      <Field label="Event webhook URL" name="eventWebhookUrl" type="url" placeholder="https://example.com/hooks/events" defaultValue={v.eventWebhookUrl} error={e.eventWebhookUrl} />
      <Field label="Rate cap (sessions per minute)" name="rateCap" inputMode="numeric" defaultValue={v.rateCap} error={e.rateCap} hint={`Empty: the plan's default, ${planCap} per minute.`} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="reviewEnabled" defaultChecked={checked("reviewEnabled")} className="size-4" />
        Review status enabled (decisions may be sent as &quot;review&quot;, 9121)
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="active" defaultChecked={checked("active")} className="size-4" />
        Active (an inactive integration&apos;s keys are refused with 1804)
      </label>
      <VeriffFields values={v} errors={e} stored={stored} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save settings"}
      </Button>
    </form>
  );
}
