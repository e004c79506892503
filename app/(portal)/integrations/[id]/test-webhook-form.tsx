"use client";
import { useActionState } from "react";
import { sendTestWebhookAction } from "../actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/lib/actions/form-state";
import type { TestWebhookResult } from "@/lib/integrations/send-test-webhook";

export function TestWebhookForm({ integrationId, url }: { integrationId: string; url: string | null }) {
  const [state, action, pending] = useActionState<FormState<TestWebhookResult>, FormData>(sendTestWebhookAction, { ok: false });
  const r = state.result;
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="id" value={integrationId} />
      <Button type="submit" variant="secondary" disabled={pending || !url}>
        {pending ? "Sending…" : "Send test webhook"}
      </Button>
      {!url && <p className="text-sm text-slate-500 dark:text-slate-400">Set a decision webhook URL first.</p>}
      <FormMessage state={state} />
      {r && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" aria-label="Test webhook result">
          <dt className="text-slate-500 dark:text-slate-400">URL</dt>
          <dd className="font-mono text-xs break-all">{r.url}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Status</dt>
          <dd>{r.statusCode ?? "no answer"}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Time</dt>
          <dd>{r.durationMs} ms</dd>
          {r.error && (
            <>
              <dt className="text-slate-500 dark:text-slate-400">Error</dt>
              <dd>{r.error}</dd>
            </>
          )}
          <dt className="text-slate-500 dark:text-slate-400">Response</dt>
          <dd>
            <pre className="max-h-40 overflow-auto rounded bg-slate-100 p-2 text-xs whitespace-pre-wrap dark:bg-slate-950">{r.responseExcerpt || "(empty)"}</pre>
          </dd>
        </dl>
      )}
    </form>
  );
}
