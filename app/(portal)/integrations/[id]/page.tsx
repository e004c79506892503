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
import { TestWebhookForm } from "./test-webhook-form";
import { KeysSection } from "./keys-section";

export const metadata = { title: "Integration" };

export default async function IntegrationPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePage("integrations.read");
  const { id } = await params;
  const integration = await getIntegration(id);
  if (!integration) notFound();
  const keys = await listKeys(integration.id);
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
            ...engineFormValues(integration.autoDecide, integration.engineSettings),
          }}
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
