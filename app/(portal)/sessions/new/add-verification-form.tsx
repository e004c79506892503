"use client";
import Link from "next/link";
import { useActionState, useState } from "react";
import { addVerificationAction } from "./actions";
import { Field, inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { SessionLinkCard } from "@/components/sessions/session-link-card";
import type { FormState } from "@/lib/actions/form-state";
import type { PortalCreated } from "@/lib/sessions/create-from-portal";

type Choice = { id: string; name: string; environment: string; active: boolean };

/** Remounting the form ("Add another") starts it empty again. */
export function AddVerification({ integrations }: { integrations: Choice[] }) {
  const [round, setRound] = useState(0);
  return <AddVerificationForm key={round} integrations={integrations} onAnother={() => setRound((r) => r + 1)} />;
}

function AddVerificationForm({ integrations, onAnother }: { integrations: Choice[]; onAnother: () => void }) {
  const [state, action, pending] = useActionState<FormState<PortalCreated>, FormData>(addVerificationAction, { ok: false });
  // React resets a form after its action; remounting it per answer refills every field,
  // the integration picker included, from what was sent.
  const [answered, setAnswered] = useState(state);
  const [formKey, setFormKey] = useState(0);
  if (answered !== state) {
    setAnswered(state);
    setFormKey((k) => k + 1);
  }
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  if (state.ok && state.result) {
    const r = state.result;
    return (
      <div className="space-y-4">
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
          Verification created for {r.person}. Send the person this link or let them scan the QR code.
        </p>
        <SessionLinkCard url={r.url} expiresAt={r.expiresAt} sessionId={r.id} person={r.person} />
        <div className="flex flex-wrap gap-3 text-sm">
          <Link href={`/sessions/${r.id}`} className="text-brand-700 underline dark:text-brand-100">
            Open the session
          </Link>
          <button type="button" onClick={onAnother} className="text-brand-700 underline dark:text-brand-100">
            Add another verification
          </button>
        </div>
      </div>
    );
  }
  return (
    <form key={formKey} action={action} className="max-w-xl space-y-4" noValidate>
      <FormMessage state={state} />
      <div className="space-y-1">
        <label htmlFor="f-integrationId" className="block text-sm font-medium text-slate-700 dark:text-slate-300">
          Integration
        </label>
        <select
          id="f-integrationId"
          name="integrationId"
          className={inputClass}
          defaultValue={v.integrationId ?? integrations.find((i) => i.active)?.id ?? ""}
          aria-invalid={e.integrationId ? true : undefined}
          aria-describedby={e.integrationId ? "f-integrationId-error" : undefined}
          required
        >
          {integrations.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name} ({i.environment}){i.active ? "" : " — inactive"}
            </option>
          ))}
        </select>
        {e.integrationId && (
          <p id="f-integrationId-error" className="text-sm text-red-600 dark:text-red-400">
            {e.integrationId}
          </p>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="User first name" name="firstName" autoComplete="off" defaultValue={v.firstName} error={e.firstName} required />
        <Field label="User last name" name="lastName" autoComplete="off" defaultValue={v.lastName} error={e.lastName} required />
      </div>
      <fieldset className="space-y-4 rounded-md border border-slate-200 p-3 dark:border-slate-800">
        <legend className="px-1 text-sm font-medium">Optional</legend>
        <Field label="vendorData" name="vendorData" defaultValue={v.vendorData} error={e.vendorData} hint="Your reference for this person or case (up to 1000 characters). Avoid personal data." />
        <Field label="endUserId" name="endUserId" defaultValue={v.endUserId} error={e.endUserId} hint="A UUID identifying the person in your systems." />
        <Field label="Callback URL" name="callback" type="url" defaultValue={v.callback} error={e.callback} hint="Where the person goes after the flow; the integration's default when empty." />
        <Field label="Language" name="lang" defaultValue={v.lang} error={e.lang} hint="ISO 639-1, e.g. en, et, de." />
      </fieldset>
      <Button type="submit" disabled={pending || integrations.length === 0}>
        {pending ? "Generating…" : "Generate Verification"}
      </Button>
    </form>
  );
}
