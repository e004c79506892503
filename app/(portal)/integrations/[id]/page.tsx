import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/current-user";
import { getIntegration } from "@/lib/integrations/list-integrations";
import { listKeys } from "@/lib/keys/list-keys";
import { appUrl } from "@/lib/config";
import { DEFAULT_RATE_CAPS } from "@/lib/sessions/create-session";
import { PageHeader, cardClass } from "@/components/ui/page";
import { Badge } from "@/components/ui/badge";
import { CopyField } from "@/components/ui/copy-field";
import { SettingsForm } from "./settings-form";
import { engineFormValues } from "@/lib/engine/settings";
import { emailFormValues } from "@/lib/email/templates";
import { config } from "@/lib/config";
import { TestWebhookForm } from "./test-webhook-form";
import { KeysSection } from "./keys-section";
import { veriffWebhookUrl } from "@/lib/veriff/intake";
import { recentVeriffWebhooks } from "@/lib/veriff/list-webhooks";
import { LocalTime } from "@/components/ui/local-time";

export const metadata = { title: "Integration" };

export default async function IntegrationPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePage("integrations.read");
  const { id } = await params;
  const integration = await getIntegration(id);
  if (!integration) notFound();
  const keys = await listKeys(integration.id);
  const received = integration.provider === "veriff" ? await recentVeriffWebhooks(integration.id) : [];
  const planCap = DEFAULT_RATE_CAPS[integration.plan];
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <Link href="/integrations" className="text-sm text-slate-600 hover:underline dark:text-slate-400">
          ← Integrations
        </Link>
        <PageHeader
          title={integration.name}
          description={
            <span className="flex flex-wrap gap-2">
              <Badge tone={integration.environment === "live" ? "blue" : "slate"}>{integration.environment}</Badge>
              <Badge>{integration.plan}</Badge>
              <Badge tone={integration.provider === "veriff" ? "blue" : "slate"}>{integration.provider === "veriff" ? "provider: Veriff" : "provider: Checkpoint"}</Badge>
              {integration.active ? <Badge tone="green">active</Badge> : <Badge tone="red">inactive: its keys are refused (1804)</Badge>}
            </span>
          }
        />
      </div>
      <section aria-labelledby="api-heading" className={`${cardClass} grid gap-3 md:grid-cols-2`}>
        <h2 id="api-heading" className="font-semibold md:col-span-2">
          API access
        </h2>
        <CopyField label="API base URL" value={appUrl()} />
        <CopyField label="Integration id" value={integration.id} />
      </section>
      {integration.provider === "veriff" && (
        <section aria-labelledby="veriff-heading" className={`${cardClass} space-y-3`}>
          <h2 id="veriff-heading" className="font-semibold">
            Veriff upstream
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Sessions of this integration are created at Veriff ({integration.veriffBaseUrl}, API key …{integration.veriffApiKeyHint}); their links open Veriff&apos;s hosted
            flow and Veriff decides them. Set the Veriff integration&apos;s &quot;Webhook decisions URL&quot; and &quot;Webhook events URL&quot; to the address below: Checkpoint
            checks each webhook&apos;s signature, applies it once, and sends this integration&apos;s own webhooks on.
          </p>
          <CopyField label="Veriff webhook URL" value={veriffWebhookUrl(integration.id)} />
          <h3 className="pt-2 text-sm font-semibold">Latest webhooks from Veriff</h3>
          {received.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">None received yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {received.map((w) => (
                <li key={w.id} className="flex flex-wrap items-center gap-2 py-1.5">
                  <LocalTime value={w.receivedAt} />
                  <span className="font-medium">{w.kind}</span>
                  <Badge tone={w.verdict === "applied" ? "green" : w.verdict === "bad_signature" || w.verdict === "invalid" ? "red" : "slate"}>{w.verdict.replace("_", " ")}</Badge>
                  {w.sessionId ? (
                    <Link href={`/sessions/${w.sessionId}`} className="font-mono text-xs underline">
                      {w.sessionId}
                    </Link>
                  ) : null}
                  {w.detail && <span className="text-xs text-slate-600 dark:text-slate-400">{w.detail}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <KeysSection
        integrationId={integration.id}
        keys={keys.map((k) => ({
          id: k.id,
          label: k.label,
          hint: k.secretHint,
          state: k.state,
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
          revokedAt: k.revokedAt?.toISOString() ?? null,
          createdBy: k.createdBy?.email ?? null,
        }))}
      />
      <section aria-labelledby="settings-heading" className={cardClass}>
        <h2 id="settings-heading" className="mb-4 font-semibold">
          Settings
        </h2>
        <SettingsForm
          planCap={planCap}
          initial={{
            id: integration.id,
            name: integration.name,
            callbackUrl: integration.callbackUrl ?? "",
            decisionWebhookUrl: integration.decisionWebhookUrl ?? "",
            eventWebhookUrl: integration.eventWebhookUrl ?? "",
            rateCap: integration.rateCap?.toString() ?? "",
            reviewEnabled: integration.reviewEnabled ? "on" : "",
            active: integration.active ? "on" : "",
            provider: integration.provider,
            veriffBaseUrl: integration.veriffBaseUrl ?? "",
            brandDisplayName: integration.brandDisplayName ?? "",
            brandLogoUrl: integration.brandLogoUrl ?? "",
            brandAccentColor: integration.brandAccentColor ?? "",
            privacyPolicyUrl: integration.privacyPolicyUrl ?? "",
            supportEmail: integration.supportEmail ?? "",
            mediaRetentionDays: integration.mediaRetentionDays?.toString() ?? "",
            dataRetentionDays: integration.dataRetentionDays?.toString() ?? "",
            ...engineFormValues(integration.autoDecide, integration.engineSettings),
            ...emailFormValues(integration.emailTemplates, integration.emailReminderDays),
          }}
          emailConfigured={config().smtp !== null}
          stored={{ apiKeyHint: integration.veriffApiKeyHint, secretHint: integration.veriffSecretHint }}
        />
      </section>
      <section aria-labelledby="test-heading" className={cardClass}>
        <h2 id="test-heading" className="font-semibold">
          Test webhook
        </h2>
        <p className="mt-1 mb-3 text-sm text-slate-600 dark:text-slate-400">
          Posts a signed sample decision to the decision webhook URL and shows the answer. It appears in the{" "}
          <Link href={`/webhooks?integration=${integration.id}`} className="underline">
            delivery log
          </Link>
          .
        </p>
        <TestWebhookForm integrationId={integration.id} url={integration.decisionWebhookUrl} />
      </section>
    </div>
  );
}
