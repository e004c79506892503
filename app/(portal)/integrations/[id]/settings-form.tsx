"use client";
import { useActionState } from "react";
import { updateIntegrationAction } from "../actions";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/lib/actions/form-state";
import { VeriffFields } from "@/components/ui/veriff-fields";
import { documentTypes, engineDefaults, type DocumentType } from "@/lib/engine/settings";
import { limits } from "@/lib/validation/limits";
import { EmailFieldset } from "@/components/integrations/email-fieldset";

type Values = Record<"id" | "name" | "callbackUrl" | "decisionWebhookUrl" | "eventWebhookUrl" | "rateCap" | "reviewEnabled" | "active" | "provider" | "veriffBaseUrl", string> & Record<string, string>;


const documentLabels: Record<DocumentType, string> = { PASSPORT: "Passport", ID_CARD: "ID card", RESIDENCE_PERMIT: "Residence permit", DRIVERS_LICENSE: "Driver's licence" };

export function SettingsForm({ initial, planCap, stored, emailConfigured }: { initial: Values; planCap: number; stored: { apiKeyHint: string | null; secretHint: string | null }; emailConfigured: boolean }) {
  const [state, action, pending] = useActionState<FormState, FormData>(updateIntegrationAction, { ok: false });
  // After a save or a failure the form shows what was submitted, not the page's first load.
  const v: Record<string, string | undefined> = state.values ?? initial;
  const e = state.fieldErrors ?? {};
  const checked = (k: string) => (state.values ? state.values[k] === "on" : initial[k] === "on");
  const en = (k: keyof typeof engineDefaults) => `engineSettings.${k}`;
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
      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4 dark:border-slate-800">
        <legend className="px-1 text-sm font-semibold">Hosted flow branding</legend>
        <p className="text-xs text-slate-600 dark:text-slate-400">What people see when they verify: who asks for their ID, your logo and colour, and where to read your privacy policy or ask for help. Empty fields use Checkpoint&apos;s defaults.</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Display name" name="brandDisplayName" defaultValue={v.brandDisplayName} error={e.brandDisplayName} maxLength={limits.name} hint={`Shown on the consent screen: "${v.brandDisplayName || v.name || "Your company"} asks you to verify your identity".`} />
          <Field label="Accent colour" name="brandAccentColor" placeholder="#1D4ED8" defaultValue={v.brandAccentColor} error={e.brandAccentColor} hint="# and six hexadecimal digits; the flow picks white or dark text on it for contrast." />
          <Field label="Logo URL" name="brandLogoUrl" type="url" placeholder="https://example.com/logo.svg" defaultValue={v.brandLogoUrl} error={e.brandLogoUrl} hint="https only. The person's browser loads it from your server; Checkpoint never fetches it." />
          <Field label="Privacy-policy URL" name="privacyPolicyUrl" type="url" placeholder="https://example.com/privacy" defaultValue={v.privacyPolicyUrl} error={e.privacyPolicyUrl} hint="Linked from the consent screen." />
          <Field label="Support e-mail" name="supportEmail" type="email" placeholder="support@example.com" defaultValue={v.supportEmail} error={e.supportEmail} hint="Offered on the final screens." />
        </div>
      </fieldset>
      <VeriffFields values={v} errors={e} stored={stored} />
      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4 dark:border-slate-800">
        <legend className="px-1 text-sm font-semibold">Retention</legend>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Counted from a session&apos;s final state (approved, declined, expired, abandoned). The session keeps its status, decision, times and vendorData; removals are
          audited and shown on the session&apos;s page. Empty: kept for ever (the default). 0: at the next retention run.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Delete pictures after (days)" name="mediaRetentionDays" inputMode="numeric" placeholder="forever" defaultValue={v.mediaRetentionDays} error={e.mediaRetentionDays} hint="e.g. 30, 90 or 365." />
          <Field label="Redact personal data after (days)" name="dataRetentionDays" inputMode="numeric" placeholder="forever" defaultValue={v.dataRetentionDays} error={e.dataRetentionDays} hint="Name, date of birth, document, address and what was read." />
        </div>
      </fieldset>
      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4 dark:border-slate-800">
        <legend className="px-1 text-sm font-semibold">Verification engine</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="autoDecide" defaultChecked={checked("autoDecide")} className="size-4" />
          Automated decisions: the engine checks every submitted attempt and decides it (9001 / 9102 / 9103), or sends it to review when unsure
        </label>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          On a test integration the TEST panel still wins: the engine waits a minute after a hosted-flow submission for a forced decision. Without review status,
          sessions the engine is unsure of stay submitted for a reviewer. Veriff-backed integrations are decided by Veriff: these settings do not apply to them.
        </p>
        <Field label="Minimum age" name={en("minAge")} inputMode="numeric" defaultValue={v[en("minAge")]} error={e[en("minAge")]} hint="Empty: no minimum. Checked against the date of birth on the document; younger goes to review." />
        <div>
          <span className="text-sm font-medium">Accepted documents</span>
          <div className="mt-1 flex flex-wrap gap-4">
            {documentTypes.map((t) => (
              <label key={t} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name={`acceptDocument.${t}`} defaultChecked={checked(`acceptDocument.${t}`)} className="size-4" />
                {documentLabels[t]}
              </label>
            ))}
          </div>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">None ticked: every type. Another type gets a resubmission request (206).</p>
          {e["engineSettings.acceptedDocumentTypes"] && <p className="mt-1 text-sm text-red-700 dark:text-red-300">{e["engineSettings.acceptedDocumentTypes"]}</p>}
        </div>
        <Field label="Accepted issuing countries" name={en("acceptedCountries")} placeholder="EE, DE, FI" defaultValue={v[en("acceptedCountries")]} error={e[en("acceptedCountries")]} hint="Two-letter codes, comma-separated. Empty: every country." />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Face match: approve at or above" name={en("faceMatchHigh")} inputMode="decimal" defaultValue={v[en("faceMatchHigh")]} error={e[en("faceMatchHigh")]} hint={`Similarity 0–1; default ${engineDefaults.faceMatchHigh}.`} />
          <Field label="Face match: decline (103) below" name={en("faceMatchLow")} inputMode="decimal" defaultValue={v[en("faceMatchLow")]} error={e[en("faceMatchLow")]} hint={`Between the two: review. Default ${engineDefaults.faceMatchLow}.`} />
          <Field label="Duplicate face: similarity" name={en("duplicateFaceThreshold")} inputMode="decimal" defaultValue={v[en("duplicateFaceThreshold")]} error={e[en("duplicateFaceThreshold")]} hint={`Another session's face this close under another identity declines (108). Default ${engineDefaults.duplicateFaceThreshold}.`} />
          <Field label="Duplicate window (days)" name={en("duplicateWindowDays")} inputMode="numeric" defaultValue={v[en("duplicateWindowDays")]} error={e[en("duplicateWindowDays")]} hint={`How far back duplicates are looked for. Default ${engineDefaults.duplicateWindowDays}.`} />
          <Field label="Velocity window (minutes)" name={en("velocityWindowMinutes")} inputMode="numeric" defaultValue={v[en("velocityWindowMinutes")]} error={e[en("velocityWindowMinutes")]} hint={`Default ${engineDefaults.velocityWindowMinutes}.`} />
          <Field label="Velocity limit (sessions per document)" name={en("velocityMaxSessions")} inputMode="numeric" defaultValue={v[en("velocityMaxSessions")]} error={e[en("velocityMaxSessions")]} hint={`This many sessions with one document in the window declines (107). Default ${engineDefaults.velocityMaxSessions}.`} />
        </div>
      </fieldset>
      <EmailFieldset values={v} errors={e} configured={emailConfigured} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save settings"}
      </Button>
    </form>
  );
}
