import { requirePage } from "@/lib/auth/current-user";
import { prisma } from "@/lib/db";
import { appUrl } from "@/lib/config";

export const metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  await requirePage("integrations.read");
  const integrations = await prisma().integration.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, environment: true, plan: true, active: true, apiKeys: { where: { revokedAt: null }, select: { id: true, label: true, secretHint: true } } },
  });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Integrations</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">API base URL: <code className="font-mono">{appUrl()}</code></p>
      </div>
      <ul className="space-y-3">
        {integrations.map((i) => (
          <li key={i.id} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{i.name}</span>
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">{i.environment}</span>
              {!i.active && <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-800">inactive</span>}
            </div>
            <div className="mt-1 font-mono text-xs break-all text-slate-600 dark:text-slate-400">Integration id {i.id}</div>
            {i.apiKeys.map((k) => (
              <div key={k.id} className="mt-1 font-mono text-xs break-all text-slate-600 dark:text-slate-400">
                API key {k.id} · shared secret ••••{k.secretHint}
              </div>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}
