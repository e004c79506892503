import { LocalTime } from "@/components/ui/local-time";
import { ConfirmAction } from "@/components/ui/confirm-action";
import type { FormAction } from "@/lib/actions/form-state";

export interface RedactionEntry {
  reason: string;
  removed: unknown;
  actorLabel: string;
  createdAt: Date;
}

const reasonLabel: Record<string, string> = { retention: "Retention", erasure: "Erasure request", manual: "Redacted by an admin" };

const fieldLabel: Record<string, string> = {
  person_name: "search name",
  provider_data: "Veriff's data",
  "attempts.verified_data": "what was read",
  vendor_data: "vendorData",
  end_user_id: "endUserId",
};

function describe(removed: unknown): string {
  const r = (removed ?? {}) as { media?: number; fields?: string[] };
  const parts: string[] = [];
  if (r.media) parts.push(`${r.media} picture${r.media === 1 ? "" : "s"}`);
  if (r.fields?.length) parts.push(`personal data (${r.fields.map((f) => fieldLabel[f] ?? f).join(", ")})`);
  return parts.length ? parts.join(" and ") : "nothing left to remove";
}

/**
 * What retention, an erasure or an admin removed from the session, and when; with `redact`
 * (admins), the button that erases this session's pictures and personal data.
 */
export function SessionRedactions({ sessionId, redactions, redact }: { sessionId: string; redactions: RedactionEntry[]; redact?: FormAction }) {
  if (redactions.length === 0 && !redact) return null;
  return (
    <section className="rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" aria-labelledby="h-privacy">
      <h2 id="h-privacy" className="mb-2 text-lg font-semibold">
        Personal data
      </h2>
      {redactions.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Nothing has been removed from this session.</p>
      ) : (
        <ul className="mb-3 space-y-1 text-sm" data-testid="redactions">
          {redactions.map((r, i) => (
            <li key={i}>
              <span className="font-medium">{reasonLabel[r.reason] ?? r.reason}</span>: {describe(r.removed)} removed <LocalTime value={r.createdAt} /> by {r.actorLabel}.
            </li>
          ))}
        </ul>
      )}
      {redact && (
        <ConfirmAction action={redact} fields={{ sessionId }} button="Redact personal data" title="Redact this session?" confirm="Redact for good" pendingLabel="Redacting…">
          <p>
            Its pictures are deleted and its person, document, address, what was read, vendorData and endUserId are cleared. Status, decision and times stay for
            statistics and the audit log. This cannot be undone.
          </p>
        </ConfirmAction>
      )}
    </section>
  );
}
