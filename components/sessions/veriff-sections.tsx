import { LocalTime } from "@/components/ui/local-time";
import { Badge } from "@/components/ui/badge";

const card = "rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";

export interface ReceivedWebhook {
  id: string;
  kind: string;
  verdict: string;
  detail: string | null;
  headers: unknown;
  body: string;
  receivedAt: Date;
}

export interface SyncState {
  state: string;
  attemptCount: number;
  nextAttemptAt: Date;
  lastError: string | null;
  attempts: { id: string; startedAt: Date; durationMs: number; outcome: string; error: string | null }[];
}

const verdictTone = (v: string) => (v === "applied" ? "green" : v === "bad_signature" || v === "invalid" ? "red" : "slate");
const verdictText: Record<string, string> = {
  applied: "applied",
  duplicate: "duplicate: already applied",
  stale: "older than what is applied: no change",
  unknown_session: "unknown session",
  bad_signature: "refused: bad signature (401)",
  invalid: "refused: not JSON",
  ignored: "kept, not a decision or event",
};

function pretty(body: string) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** What Veriff reported about a Veriff-backed session: its decision object, person data, reconcile and every webhook received. */
export function VeriffSections({ providerData, sync, webhooks }: { providerData: unknown; sync: SyncState | null; webhooks: ReceivedWebhook[] }) {
  const data = (providerData ?? {}) as { decision?: Record<string, unknown>; person?: unknown };
  return (
    <>
      <section className={card} aria-labelledby="h-veriff">
        <h2 id="h-veriff" className="mb-2 text-lg font-semibold">
          From Veriff
        </h2>
        {data.decision ? (
          <details>
            <summary className="cursor-pointer text-sm">Veriff&apos;s decision object (extracted person and document data, risk labels)</summary>
            <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-800">{JSON.stringify(data.decision, null, 2)}</pre>
          </details>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">No decision from Veriff yet.</p>
        )}
        {data.person != null && (
          <details className="mt-2">
            <summary className="cursor-pointer text-sm">Person data (GET person)</summary>
            <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-800">{JSON.stringify(data.person, null, 2)}</pre>
          </details>
        )}
        <div className="mt-3 text-sm">
          <span className="font-medium">Reconcile: </span>
          {sync ? (
            <>
              {sync.state === "done" ? "done (final decision and pictures fetched)" : <>asks Veriff next at <LocalTime value={sync.nextAttemptAt.toISOString()} /></>} · {sync.attemptCount} attempt(s)
              {sync.lastError ? <span className="text-red-700 dark:text-red-400"> · last error: {sync.lastError}</span> : null}
            </>
          ) : (
            "not scheduled"
          )}
        </div>
        {sync && sync.attempts.length > 0 && (
          <ol className="mt-1 ml-4 list-decimal text-xs text-slate-600 dark:text-slate-400">
            {sync.attempts.map((a) => (
              <li key={a.id}>
                <LocalTime value={a.startedAt.toISOString()} /> · {a.outcome}
                {a.error ? ` · ${a.error}` : ""} · {a.durationMs} ms
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className={card} aria-labelledby="h-received">
        <h2 id="h-received" className="mb-2 text-lg font-semibold">
          Webhooks received from Veriff
        </h2>
        {webhooks.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">None yet: Veriff sends one when the person starts, submits, and when it decides.</p>
        ) : (
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {webhooks.map((w) => (
              <li key={w.id} className="space-y-1 py-2 text-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{w.kind}</span>
                  <Badge tone={verdictTone(w.verdict)}>{verdictText[w.verdict] ?? w.verdict}</Badge>
                  <span className="text-xs text-slate-600 dark:text-slate-400">
                    <LocalTime value={w.receivedAt.toISOString()} />
                  </span>
                </div>
                {w.detail && <div className="text-xs text-slate-600 dark:text-slate-400">{w.detail}</div>}
                <details>
                  <summary className="cursor-pointer text-xs">Headers and body</summary>
                  <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-800">{JSON.stringify(w.headers, null, 2)}</pre>
                  <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-800">{pretty(w.body)}</pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
