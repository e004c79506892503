import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { getSessionDetail } from "@/lib/sessions/get-session-detail";
import { reasonText } from "@/lib/sessions/codes";
import { decisionWords, expiryWords, openStatuses } from "@/lib/sessions/describe";
import type { VerifiedData } from "@/lib/sessions/payloads";
import { StatusBadge, statusLabel } from "@/components/ui/status-badge";
import { LocalTime } from "@/components/ui/local-time";
import { CopyButton } from "@/components/ui/copy-button";
import { SessionLinkCard } from "@/components/sessions/session-link-card";
import { DecidePanel } from "@/components/sessions/decide-panel";
import { DeleteSession, ResendButton } from "@/components/sessions/session-admin-forms";
import { DeliveryStateBadge } from "@/components/ui/delivery-state-badge";
import { VeriffSections } from "@/components/sessions/veriff-sections";
import { IdentityFields } from "@/components/sessions/identity-fields";
import { SessionTimeline } from "@/components/sessions/session-timeline";
import { PictureViewer } from "@/components/sessions/picture-viewer";
import { SessionComments } from "@/components/sessions/session-comments";
import { Assignment } from "@/components/sessions/assignment";
import { UndoToaster } from "@/components/sessions/undo-toast";
import { assignAction, commentAction, decideAction, deleteSessionAction, redactSessionAction, resendDeliveryAction, sendSessionEmailAction, undoDecisionAction } from "../actions";
import { SessionRedactions } from "@/components/privacy/session-redactions";
import { SendLinkEmail } from "@/components/sessions/send-link-email";
import { EngineReportView } from "@/components/engine/engine-report";

export const metadata = { title: "Session" };

const card = "rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-1.5 sm:grid-cols-[10rem_1fr]">
      <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 text-sm break-words">{children}</dd>
    </div>
  );
}

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("sessions.read");
  const { id } = await params;
  const s = await getSessionDetail(id);
  if (!s) notFound();
  const person = (s.person ?? {}) as Record<string, unknown>;
  const name = [person.firstName, person.lastName].filter((x) => typeof x === "string" && x).join(" ");
  const decidable = s.status === "submitted" || s.status === "review";
  const isTest = s.integration.environment === "test";
  const canDecide = can(user.role, "sessions.decide");
  const atVeriff = s.provider === "veriff";
  const checked = s.attempts.filter((a) => a.engineJob).reverse();
  const verified = ([...s.attempts].reverse().find((a) => a.verifiedData)?.verifiedData ?? null) as VerifiedData | null;
  const d = s.latestDecision;
  return (
    <div className="space-y-5">
      <div>
        <Link href="/sessions" className="text-sm text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          ← All verifications
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{name || "Session"}</h1>
          <StatusBadge status={s.status} />
        </div>
        <p className="mt-1 flex flex-wrap items-center gap-2 font-mono text-xs text-slate-600 dark:text-slate-400">
          {s.id} <CopyButton text={s.id} label="Copy id" />
        </p>
        <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-700 dark:text-slate-300">
          <span>
            {s.integration.name}
            {isTest && <span className="ml-1 rounded bg-amber-100 px-1 text-xs font-semibold text-amber-900 dark:bg-amber-950 dark:text-amber-200">TEST</span>}
          </span>
          {openStatuses.includes(s.status) && <span>Link {expiryWords(s.expiresAt)}</span>}
          <Assignment sessionId={s.id} assignedTo={s.assignedTo} me={user.id} isAdmin={user.role === "admin"} assign={canDecide && !atVeriff ? assignAction : undefined} />
        </div>
      </div>

      <div className="grid gap-5 lg:grid-cols-2">
        <section className={card} aria-labelledby="h-decision">
          <h2 id="h-decision" className="mb-2 text-lg font-semibold">
            Decision
          </h2>
          {d ? (
            <div>
              <p className="text-xl font-semibold" data-testid="decision-words">
                {decisionWords(d.code) ?? statusLabel(d.status)}
                <span className="ml-2 font-mono text-sm font-normal text-slate-600 dark:text-slate-400">{d.code}</span>
              </p>
              {d.reasonCode ? (
                <p className="mt-1 text-sm">
                  {d.reason ?? reasonText(d.reasonCode)} <span className="font-mono text-xs text-slate-600 dark:text-slate-400">reason {d.reasonCode}</span>
                </p>
              ) : null}
              <dl className="mt-2">
                <Row label="Decided by">{d.decidedByUser ? `${d.decidedByUser.name} (${d.decidedByUser.email})` : d.decidedBy}</Row>
                <Row label="Decided">
                  <LocalTime value={d.createdAt} />
                </Row>
                {s.comments.filter((c) => c.decisionId === d.id).map((c) => (
                  <Row key={c.id} label="Note">
                    <span className="whitespace-pre-wrap">{c.body}</span>
                  </Row>
                ))}
              </dl>
            </div>
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">No decision yet.</p>
          )}
          {canDecide && atVeriff && (
            <p className="mt-4 border-t border-slate-200 pt-4 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
              Veriff decides this session (its integration is Veriff-backed): each change arrives by Veriff&apos;s webhooks or the reconcile job.
            </p>
          )}
          {canDecide && !atVeriff && (
            <div className="mt-4 border-t border-slate-200 pt-4 dark:border-slate-800">
              {decidable ? (
                <DecidePanel decide={decideAction} sessionId={s.id} reviewEnabled={s.integration.reviewEnabled && s.status !== "review"} title={isTest ? "Force decision (test integration)" : "Decide"} />
              ) : (
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  {isTest ? "Force decision (test integration): " : "Decide: "}
                  {["created", "started", "resubmission_requested"].includes(s.status)
                    ? `not possible yet: the session is ${statusLabel(s.status)} and can be decided once the person has submitted it.`
                    : `the session is ${statusLabel(s.status)}: it is final.`}
                </p>
              )}
            </div>
          )}
        </section>

        <section aria-labelledby="h-link" className="space-y-2">
          <h2 id="h-link" className="text-lg font-semibold">
            Link
          </h2>
          <SessionLinkCard url={s.url} expiresAt={s.expiresAt.toISOString()} sessionId={s.id} person={name || null} expired={s.linkExpired} />
          <SendLinkEmail sessionId={s.id} personEmail={typeof person.email === "string" ? person.email : null} canSend={can(user.role, "sessions.create")} expired={s.linkExpired} send={sendSessionEmailAction} />
        </section>
      </div>

      {checked.length > 0 && (
        <section className={card} aria-labelledby="h-engine">
          <h2 id="h-engine" className="mb-2 text-lg font-semibold">
            Verification engine
          </h2>
          <div className="space-y-6 divide-y divide-slate-100 dark:divide-slate-800">
            {checked.map((a) => (
              <div key={a.id} className="pt-2 first:pt-0">
                <EngineReportView job={a.engineJob!} attemptNumber={a.number} documentMediaId={[...a.media].reverse().find((m) => m.context === "document-front" && m.mimetype.startsWith("image/"))?.id ?? null} />
              </div>
            ))}
          </div>
        </section>
      )}

      <IdentityFields person={s.person as Record<string, unknown> | null} document={s.document as Record<string, unknown> | null} address={s.address as Record<string, unknown> | null} verified={verified} />

      <section className={card} aria-labelledby="h-data">
        <h2 id="h-data" className="mb-2 text-lg font-semibold">
          Session details
        </h2>
        <dl>
          <Row label="Integration">
            <span>
              {s.integration.name} ({s.integration.environment}){!s.integration.active && " · inactive"}
            </span>
          </Row>
          <Row label="Provider">{atVeriff ? `Veriff (the session's id at Veriff is ${s.id}; its link opens Veriff's hosted flow)` : "Checkpoint"}</Row>
          <Row label="vendorData">{s.vendorData ? <span className="font-mono">{s.vendorData}</span> : "—"}</Row>
          <Row label="endUserId">{s.endUserId ? <span className="font-mono">{s.endUserId}</span> : "—"}</Row>
          <Row label="Consents">{consentsText(s.consents)}</Row>
          <Row label="Callback">{s.callbackUrl ? <span className="font-mono break-all">{s.callbackUrl}</span> : "— (the integration's default)"}</Row>
          <Row label="Language">{s.lang ?? "—"}</Row>
          <Row label="Source">{{ api: "API", portal: "Back office", cli: "Command line", sdk: "SDK" }[s.source] ?? s.source}</Row>
          <Row label="Created by">{s.createdBy ? `${s.createdBy.name} (${s.createdBy.email})` : s.source === "api" ? "API" : s.source === "cli" ? "Command line" : "—"}</Row>
          <Row label="Created">
            <LocalTime value={s.createdAt} />
          </Row>
          <Row label="Last change">
            <LocalTime value={s.updatedAt} />
          </Row>
          <Row label="Expires">
            <LocalTime value={s.expiresAt} />
            {openStatuses.includes(s.status) && <span className="ml-2 text-slate-600 dark:text-slate-400">({expiryWords(s.expiresAt)})</span>}
          </Row>
        </dl>
      </section>

      <SessionComments
        sessionId={s.id}
        comments={s.comments.map((c) => ({ id: c.id, decisionNote: !!c.decisionId, authorName: c.authorName, body: c.body, createdAt: c.createdAt.toISOString() }))}
        comment={canDecide ? commentAction : undefined}
      />

      <PictureViewer attempts={s.attempts.map((a) => ({ id: a.id, number: a.number, status: a.status, media: a.media.map((m) => ({ id: m.id, context: m.context, mimetype: m.mimetype, createdAt: m.createdAt.toISOString() })) }))} />

      <SessionTimeline events={s.events.map((e) => ({ ...e, id: String(e.id) }))} userNames={s.userNames} />

      {atVeriff && (
        <VeriffSections
          providerData={s.providerData}
          sync={s.veriffSync ? { ...s.veriffSync, attempts: s.veriffSync.attempts.map((a) => ({ ...a, id: String(a.id) })) } : null}
          webhooks={s.veriffWebhooks.map((w) => ({ ...w, id: String(w.id) }))}
        />
      )}

      <section className={card} aria-labelledby="h-webhooks">
        <h2 id="h-webhooks" className="mb-2 text-lg font-semibold">
          Webhook deliveries
        </h2>
        {s.deliveries.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No webhooks for this session (the integration has no webhook URL, or nothing was reported yet).</p>
        ) : (
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {s.deliveries.map((d) => (
              <li key={d.id} className="space-y-1 py-2 text-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{d.kind}</span>
                  <DeliveryStateBadge state={d.state} />
                  <span className="font-mono text-xs break-all">{d.url}</span>
                  {can(user.role, "webhooks.resend") && <ResendButton resend={resendDeliveryAction} deliveryId={d.id} sessionId={s.id} />}
                </div>
                <div className="text-xs text-slate-600 dark:text-slate-400">
                  {d.attemptCount} attempt(s){d.lastStatusCode ? ` · last HTTP ${d.lastStatusCode}` : ""}
                  {d.lastError ? ` · ${d.lastError}` : ""} · created <LocalTime value={d.createdAt} />
                  {d.state === "pending" && (
                    <>
                      {" "}· next attempt <LocalTime value={d.nextAttemptAt} />
                    </>
                  )}
                </div>
                {d.attempts.length > 0 && (
                  <ol className="ml-4 list-decimal text-xs text-slate-600 dark:text-slate-400">
                    {d.attempts.map((a) => (
                      <li key={String(a.id)}>
                        <LocalTime value={a.startedAt} /> · {a.statusCode ? `HTTP ${a.statusCode}` : a.error ?? "no response"} · {a.durationMs} ms
                        {a.responseExcerpt ? ` · ${a.responseExcerpt.slice(0, 120)}` : ""}
                      </li>
                    ))}
                  </ol>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      {canDecide && <UndoToaster undo={undoDecisionAction} />}

      <SessionRedactions sessionId={s.id} redactions={s.redactions} redact={can(user.role, "privacy.manage") && !s.dataRedactedAt ? redactSessionAction : undefined} />

      {can(user.role, "sessions.delete") && (
        <section className={card} aria-labelledby="h-danger">
          <h2 id="h-danger" className="mb-2 text-lg font-semibold">
            Delete
          </h2>
          {atVeriff && <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">The session is deleted at Veriff first (Veriff allows 5 deletions an hour, 10 a day); if Veriff refuses, it stays here too.</p>}
          <DeleteSession remove={deleteSessionAction} sessionId={s.id} />
        </section>
      )}
    </div>
  );
}

function consentsText(consents: unknown): string {
  if (!Array.isArray(consents) || consents.length === 0) return "—";
  return consents
    .map((c) => (c && typeof c === "object" ? `${String((c as Record<string, unknown>).type ?? "consent")}: ${(c as Record<string, unknown>).approved ? "given" : "not given"}` : String(c)))
    .join(", ");
}
