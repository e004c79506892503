import { requirePage } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listParamsToSearch, parseListParams } from "@/lib/sessions/list-params";
import { countSessionsByStatus, listIntegrationChoices, listSessions } from "@/lib/sessions/list-sessions";
import { SessionsTable } from "@/components/sessions/sessions-table";
import { listSavedViews } from "@/lib/sessions/saved-views";
import { deleteViewAction, saveViewAction } from "./actions";

export const metadata = { title: "All verifications" };

export default async function SessionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePage("sessions.read");
  const params = parseListParams(await searchParams);
  const [page, counts, integrations, views] = await Promise.all([listSessions(params, undefined, user.id), countSessionsByStatus(params), listIntegrationChoices(), listSavedViews(user.id)]);
  return (
    <SessionsTable
      initial={{ search: listParamsToSearch(params), data: { ...page, counts } }}
      integrations={integrations.map((i) => ({ id: i.id, name: i.name, environment: i.environment }))}
      canCreate={can(user.role, "sessions.create")}
      views={{ views, save: saveViewAction, remove: deleteViewAction }}
    />
  );
}
