"use client";
import { useActionState, useCallback, useEffect, useState } from "react";
import { createKeyAction, revokeKeyAction, rotateKeyAction } from "../actions";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { ConfirmSubmit } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form-message";
import { cardClass } from "@/components/ui/page";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/field";
import { CopyField } from "@/components/ui/copy-field";
import { LocalTime } from "@/components/ui/local-time";
import type { FormState } from "@/lib/actions/form-state";
import type { CreatedKey } from "@/lib/keys/create-key";

interface KeyView {
  id: string;
  label: string;
  hint: string;
  state: "active" | "grace" | "revoked";
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: string | null;
}

function NewSecret({ created, title }: { created: CreatedKey; title: string }) {
  return (
    <div className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950/40">
      <p className="text-sm font-medium">{title} Copy the shared secret now: it is shown only this once.</p>
      <CopyField label="New API key" value={created.apiKey} />
      <CopyField label="New shared secret" value={created.sharedSecret} secret />
    </div>
  );
}

function KeyRow({ k, integrationId, secret, onRotated }: { k: KeyView; integrationId: string; secret?: CreatedKey; onRotated: (created: CreatedKey) => void }) {
  const [rotating, setRotating] = useState(false);
  const [rotateState, rotate, rotatePending] = useActionState<FormState<CreatedKey & { oldKeyValidUntil: Date }>, FormData>(rotateKeyAction, { ok: false });
  const [revokeState, revoke, revokePending] = useActionState<FormState, FormData>(revokeKeyAction, { ok: false });
  const rotated = rotateState.ok ? rotateState.result : undefined;
  useEffect(() => {
    if (rotated) onRotated(rotated);
  }, [rotated, onRotated]);
  return (
    <li className="space-y-2 border-t border-slate-200 py-3 first:border-t-0 dark:border-slate-800" data-key-id={k.id}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{k.label}</span>
        {k.state === "active" && <Badge tone="green">active</Badge>}
        {k.state === "grace" && (
          <Badge tone="amber">
            valid until <LocalTime value={k.revokedAt} />
          </Badge>
        )}
        {k.state === "revoked" && <Badge tone="red">revoked</Badge>}
      </div>
      <div className="grid gap-1 font-mono text-xs break-all text-slate-600 dark:text-slate-400">
        <span>API key {k.id}</span>
        <span>Shared secret ••••{k.hint}</span>
      </div>
      <div className="text-xs text-slate-500 dark:text-slate-400">
        Created <LocalTime value={k.createdAt} />
        {k.createdBy ? ` by ${k.createdBy}` : ""} · Last used <LocalTime value={k.lastUsedAt} empty="never" />
      </div>
      <FormMessage state={revokeState} />
      {secret && <NewSecret created={secret} title={`New key "${secret.label}".`} />}
      {rotated ? (
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
          Rotated: the new key &quot;{rotated.label}&quot; and its shared secret are in its own row. Switch your integration to it before this key stops working.
        </p>
      ) : (
        k.state !== "revoked" && (
          <div className="flex flex-wrap gap-2">
            {k.state === "active" && (
              <Button type="button" variant="secondary" onClick={() => setRotating((r) => !r)} aria-expanded={rotating}>
                Rotate
              </Button>
            )}
            <form action={revoke}>
              <input type="hidden" name="keyId" value={k.id} />
              <input type="hidden" name="integrationId" value={integrationId} />
              <ConfirmSubmit
                disabled={revokePending}
                title={`Revoke key "${k.label}"?`}
                body={k.state === "grace" ? "Its grace period ends now: requests signed with it fail at once." : "Requests signed with it fail at once. This cannot be undone."}
                confirmLabel="Revoke key"
              >
                Revoke
              </ConfirmSubmit>
            </form>
          </div>
        )
      )}
      {rotating && !rotateState.ok && (
        <form action={rotate} className="grid gap-3 rounded-md bg-slate-50 p-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end dark:bg-slate-950">
          <input type="hidden" name="keyId" value={k.id} />
          <input type="hidden" name="integrationId" value={integrationId} />
          <Select label="Old key keeps working for" name="grace" defaultValue="24h" id={`grace-${k.id}`}>
            <option value="none">No grace: stop now</option>
            <option value="1h">1 hour</option>
            <option value="24h">24 hours</option>
            <option value="7d">7 days</option>
          </Select>
          <Field label="New key label" name="label" id={`label-${k.id}`} placeholder={k.label} />
          <Button type="submit" disabled={rotatePending}>
            {rotatePending ? "Rotating…" : "Rotate key"}
          </Button>
          <div className="sm:col-span-3">
            <FormMessage state={rotateState} />
          </div>
        </form>
      )}
    </li>
  );
}

export function KeysSection({ integrationId, keys }: { integrationId: string; keys: KeyView[] }) {
  const [state, action, pending] = useActionState<FormState<CreatedKey>, FormData>(createKeyAction, { ok: false });
  // A rotation's new key: its secret is shown once, under the new key's own row.
  const [secrets, setSecrets] = useState<Record<string, CreatedKey>>({});
  const onRotated = useCallback((c: CreatedKey) => setSecrets((s) => (s[c.apiKey] ? s : { ...s, [c.apiKey]: c })), []);
  return (
    <section aria-labelledby="keys-heading" className={cardClass}>
      <h2 id="keys-heading" className="font-semibold">
        API keys
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Send the API key as X-AUTH-CLIENT and sign with its shared secret. A shared secret is shown once, when its key is created or rotated: without it (as for the key made at first start), rotate the key or create one. Rotating keeps the old key valid for the grace period you choose.</p>
      {keys.length === 0 ? <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">No keys yet.</p> : <ul className="mt-2">{keys.map((k) => <KeyRow key={k.id} k={k} integrationId={integrationId} secret={secrets[k.id]} onRotated={onRotated} />)}</ul>}
      <div className="mt-4 border-t border-slate-200 pt-4 dark:border-slate-800">
        {state.ok && state.result ? (
          <NewSecret created={state.result} title={`Key "${state.result.label}" created.`} />
        ) : (
          <form action={action} className="flex flex-wrap items-end gap-3" noValidate>
            <input type="hidden" name="integrationId" value={integrationId} />
            <div className="min-w-48 flex-1">
              <Field label="Label for a new key" name="label" placeholder="e.g. Backend (prod)" defaultValue={state.values?.label} error={state.fieldErrors?.label} />
            </div>
            <Button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create key"}
            </Button>
            <FormMessage state={state} />
          </form>
        )}
      </div>
    </section>
  );
}
