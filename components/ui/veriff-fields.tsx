"use client";
import { useState } from "react";
import { Field, Select } from "@/components/ui/field";

/**
 * The provider of an integration and, for a Veriff-backed one, its Veriff API base URL, API key and
 * shared secret. On an existing integration the key and secret fields are empty: left empty they
 * keep what is stored (only their last four characters are shown).
 */
export function VeriffFields({
  values,
  errors,
  stored,
}: {
  values: Record<string, string | undefined>;
  errors: Record<string, string>;
  stored?: { apiKeyHint: string | null; secretHint: string | null };
}) {
  const [provider, setProvider] = useState(values.provider === "veriff" ? "veriff" : "checkpoint");
  const keep = (hint: string | null | undefined) => (stored && hint ? `Stored: …${hint}. Leave empty to keep it.` : undefined);
  return (
    <fieldset className="space-y-4 rounded-md border border-slate-200 p-3 dark:border-slate-800">
      <legend className="px-1 text-sm font-medium">Provider</legend>
      <Select label="Sessions are created by" name="provider" defaultValue={provider} onChange={(e) => setProvider(e.target.value)} error={errors.provider}>
        <option value="checkpoint">Checkpoint (this server&apos;s own engine and hosted flow)</option>
        <option value="veriff">Veriff (a Veriff integration of yours; Veriff decides)</option>
      </Select>
      {provider === "veriff" && (
        <>
          <Field
            label="Veriff API base URL"
            name="veriffBaseUrl"
            type="url"
            placeholder="https://stationapi.veriff.com"
            defaultValue={values.veriffBaseUrl}
            error={errors.veriffBaseUrl}
            hint="Shown on the Veriff integration's page in Veriff's Customer Portal. https:// only."
            required
          />
          <Field
            label="Veriff API key"
            name="veriffApiKey"
            autoComplete="off"
            defaultValue=""
            error={errors.veriffApiKey}
            hint={keep(stored?.apiKeyHint) ?? "The Veriff integration's API key (X-AUTH-CLIENT)."}
            required={!stored?.apiKeyHint}
          />
          <Field
            label="Veriff shared secret"
            name="veriffSharedSecret"
            type="password"
            autoComplete="new-password"
            defaultValue=""
            error={errors.veriffSharedSecret}
            hint={keep(stored?.secretHint) ?? "Stored encrypted; used to sign requests to Veriff and to check its webhooks."}
            required={!stored?.secretHint}
          />
          <p className="text-xs text-slate-600 dark:text-slate-400">Saving checks the URL, key and secret with Veriff; nothing is saved if Veriff refuses them.</p>
        </>
      )}
    </fieldset>
  );
}
