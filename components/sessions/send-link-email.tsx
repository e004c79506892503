import { config } from "@/lib/config";
import { listSessionEmails } from "@/lib/email/send-session-email";
import type { FormAction } from "@/lib/actions/form-state";
import { DeliveryStateBadge } from "@/components/ui/delivery-state-badge";
import { LocalTime } from "@/components/ui/local-time";
import { SendLinkEmailForm } from "./send-link-email-form";

/**
 * The session page's e-mail block, self-contained: the send form (when the viewer may create
 * sessions and SMTP is configured) and every e-mail sent for the session, with the server's answer.
 */
export async function SendLinkEmail({ sessionId, personEmail, canSend, expired, send }: { sessionId: string; personEmail: string | null; canSend: boolean; expired: boolean; send: FormAction }) {
  const emails = await listSessionEmails(sessionId);
  const configured = config().smtp !== null;
  if (!canSend && emails.length === 0) return null;
  return (
    <div className="space-y-2" data-testid="session-emails">
      {canSend && !configured && <p className="text-sm text-slate-600 dark:text-slate-400">E-mail is not configured on this server (SMTP_URL): copy the link instead.</p>}
      {canSend && configured && !expired && <SendLinkEmailForm sessionId={sessionId} defaultTo={personEmail ?? ""} send={send} />}
      {emails.length > 0 && (
        <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label="E-mails sent">
          {emails.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-1.5">
              <DeliveryStateBadge state={e.state} />
              <span>{e.kind === "reminder" ? "Reminder" : "Link"} to {e.to}</span>
              <span className="text-xs text-slate-600 dark:text-slate-400">
                <LocalTime value={e.sentAt ?? e.createdAt} />
                {e.attemptCount > 1 ? ` · ${e.attemptCount} attempts` : ""}
              </span>
              {(e.lastError ?? (e.state === "delivered" ? e.lastResponse : null)) && (
                <span className="w-full font-mono text-xs break-all text-slate-600 dark:text-slate-400">{e.lastError ?? e.lastResponse}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
