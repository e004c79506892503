import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { getSessionDetail } from "@/lib/sessions/get-session-detail";
import { reasonText } from "@/lib/sessions/codes";
import { StatusBadge, statusLabel } from "@/components/ui/status-badge";
import { LocalTime } from "@/components/ui/local-time";
import { CopyButton } from "@/components/ui/copy-button";
import { SessionLinkCard } from "@/components/sessions/session-link-card";
import { DecidePanel } from "@/components/sessions/decide-panel";
import { DeleteSession, ResendButton } from "@/components/sessions/session-admin-forms";
import { DeliveryStateBadge } from "@/components/ui/delivery-state-badge";
import { VeriffSections } from "@/components/sessions/veriff-sections";
import { decideAction, deleteSessionAction, resendDeliveryAction, sendSessionEmailAction } from "../actions";
import { SendLinkEmail } from "@/components/sessions/send-link-email";
import { EngineReportView } from "@/components/engine/engine-report";

export const metadata = { title: "Session" };

const card = "rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";

function Json({ value }: { value: unknown }) {
  if (value == null) return <span className="text-slate-500">—</span>;
  return <pre className="overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-800">{JSON.stringify(value, null, 2)}</pre>;
}

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
      </div>

      <div className="grid gap-5 lg:grid-cols-2">
        <section className={card} aria-labelledby="h-decision">
          <h2 id="h-decision" className="mb-2 text-lg font-semibold">
            Decision
          </h2>
          {s.latestDecision ? (
            <dl>
              <Row label="Status">{statusLabel(s.latestDecision.status)}</Row>
              <Row label="Code">
                <span className="font-mono">{s.latestDecision.code}</span>
              </Row>
              <Row label="Reason">{s.latestDecision.reasonCode ? `${s.latestDecision.reasonCode} ${s.latestDecision.reason ?? reasonText(s.latestDecision.reasonCode) ?? ""}` : "—"}</Row>
              <Row label="Decided by">{s.latestDecision.decidedByUser ? `${s.latestDecision.decidedByUser.name} (${s.latestDecision.decidedByUser.email})` : s.latestDecision.decidedBy}</Row>
              <Row label="Decided">
                <LocalTime value={s.latestDecision.createdAt} />
              </Row>
            </dl>
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

      <section className={card} aria-labelledby="h-data">
        <h2 id="h-data" className="mb-2 text-lg font-semibold">
          Data given at creation
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
          <Row label="Person"><Json value={s.person} /></Row>
          <Row label="Document"><Json value={s.document} /></Row>
          <Row label="Address"><Json value={s.address} /></Row>
          <Row label="Consents"><Json value={s.consents} /></Row>
          <Row label="Callback">{s.callbackUrl ? <span className="font-mono break-all">{s.callbackUrl}</span> : "— (the integration's default)"}</Row>
          <Row label="Language">{s.lang ?? "—"}</Row>
          <Row label="Source">{s.source}</Row>
          <Row label="Created by">{s.createdBy ? `${s.createdBy.name} (${s.createdBy.email})` : s.source === "api" ? "API" : s.source === "cli" ? "Command line" : "—"}</Row>
          <Row label="Created">
            <LocalTime value={s.createdAt} />
          </Row>
          <Row label="Last change">
            <LocalTime value={s.updatedAt} />
          </Row>
          <Row label="Expires">
            <LocalTime value={s.expiresAt} />
          </Row>
        </dl>
      </section>

      <section className={card} aria-labelledby="h-timeline">
        <h2 id="h-timeline" className="mb-2 text-lg font-semibold">
          Timeline
        </h2>
        <ol className="space-y-2 border-l-2 border-slate-200 pl-4 dark:border-slate-700">
          {s.events.map((e) => (
            <li key={String(e.id)} className="text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <StatusBadge status={e.toStatus} />
                {e.code && <span className="font-mono text-xs">{e.code}</span>}
                <span className="text-slate-600 dark:text-slate-400">
                  by {e.actorLabel ?? e.actorType}
                  {e.actorLabel ? ` (${e.actorType})` : ""}
                </span>
              </div>
              <div className="text-xs text-slate-600 dark:text-slate-400">
                <LocalTime value={e.createdAt} />
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section className={card} aria-labelledby="h-attempts">
        <h2 id="h-attempts" className="mb-2 text-lg font-semibold">
          Attempts and pictures
        </h2>
        {s.attempts.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">No attempts.</p>}
        <ul className="space-y-4">
          {s.attempts.map((a) => (
            <li key={a.id}>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-medium">Attempt {a.number}</span>
                <StatusBadge status={a.status} />
                <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{a.id}</span>
              </div>
              {a.media.length === 0 ? (
                <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">No pictures uploaded.</p>
              ) : (
                <ul className="mt-2 flex flex-wrap gap-3">
                  {a.media.map((m) => (
                    <li key={m.id} className="w-40">
                      <a href={`/api/media/${m.id}`} target="_blank" rel="noopener" className="block" aria-label={`Open ${m.context} full size`}>
                        {m.mimetype.startsWith("image/") ? (
                          // eslint-disable-next-line @next/next/no-img-element
                          <img src={`/api/media/${m.id}`} alt={`${m.context} of attempt ${a.number}`} className="h-28 w-40 rounded border border-slate-200 object-cover dark:border-slate-700" loading="lazy" />
                        ) : (
                          <span className="grid h-28 w-40 place-items-center rounded border border-slate-200 text-sm dark:border-slate-700">PDF</span>
                        )}
                      </a>
                      <div className="mt-1 text-xs">{m.context}</div>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </section>

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
