import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { getDelivery } from "@/lib/deliveries/list-deliveries";
import { PageHeader, cardClass } from "@/components/ui/page";
import { LocalTime } from "@/components/ui/local-time";
import { DeliveryStateBadge } from "@/components/ui/delivery-state-badge";
import { ResendButton } from "../resend-button";

export const metadata = { title: "Webhook delivery" };

function pretty(body: string) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

const pre = "max-h-80 overflow-auto rounded bg-slate-100 p-2 font-mono text-xs whitespace-pre-wrap break-all dark:bg-slate-900";

export default async function DeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("webhooks.read");
  const { id } = await params;
  const d = await getDelivery(id);
  if (!d) notFound();
  return (
    <div className="max-w-4xl space-y-4">
      <Link href="/webhooks" className="text-sm text-slate-600 hover:underline dark:text-slate-400">
        ← Webhook deliveries
      </Link>
      <PageHeader title={`${d.kind} webhook`} description={<span className="font-mono text-xs">{d.id}</span>} actions={can(user.role, "webhooks.resend") ? <ResendButton deliveryId={d.id} /> : null} />
      <dl className={`${cardClass} grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm`}>
        <dt className="text-slate-500 dark:text-slate-400">State</dt>
        <dd><DeliveryStateBadge state={d.state} /></dd>
        <dt className="text-slate-500 dark:text-slate-400">Integration</dt>
        <dd><Link className="underline" href={`/integrations/${d.integration_id}`}>{d.integration_name}</Link></dd>
        <dt className="text-slate-500 dark:text-slate-400">Session</dt>
        <dd className="font-mono text-xs break-all">{d.session_id ?? "—"}</dd>
        <dt className="text-slate-500 dark:text-slate-400">URL</dt>
        <dd className="font-mono text-xs break-all">{d.url}</dd>
        <dt className="text-slate-500 dark:text-slate-400">Created</dt>
        <dd><LocalTime value={d.created_at} /></dd>
        <dt className="text-slate-500 dark:text-slate-400">Next attempt</dt>
        <dd>{d.state === "pending" ? <LocalTime value={d.next_attempt_at} /> : "—"}</dd>
      </dl>
      <section className={cardClass} aria-labelledby="body-heading">
        <h2 id="body-heading" className="mb-2 font-semibold">Request body</h2>
        <pre className={pre}>{pretty(d.body)}</pre>
      </section>
      <section aria-labelledby="attempts-heading" className="space-y-3">
        <h2 id="attempts-heading" className="font-semibold">Attempts ({d.attempts.length})</h2>
        {d.attempts.length === 0 && <p className="text-sm text-slate-500 dark:text-slate-400">Not attempted yet.</p>}
        {d.attempts.map((a) => (
          <article key={a.id} className={`${cardClass} space-y-2 text-sm`} aria-label={`Attempt at ${new Date(a.started_at).toISOString()}`}>
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              <span><LocalTime value={a.started_at} /></span>
              <span>Status <strong>{a.status_code ?? "no answer"}</strong></span>
              <span>{a.duration_ms} ms</span>
              {a.error && <span className="text-red-700 dark:text-red-400">{a.error}</span>}
            </div>
            <details>
              <summary className="cursor-pointer text-slate-600 dark:text-slate-400">Request headers</summary>
              <pre className={pre}>{Object.entries(a.request_headers ?? {}).map(([k, v]) => `${k}: ${v}`).join("\n")}</pre>
            </details>
            <div>
              <div className="text-slate-600 dark:text-slate-400">Response excerpt</div>
              <pre className={pre}>{a.response_excerpt || "(empty)"}</pre>
            </div>
          </article>
        ))}
      </section>
    </div>
  );
}
