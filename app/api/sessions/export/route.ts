import { exportSessionsCsv } from "@/lib/sessions/export-sessions";
import { parseListParams } from "@/lib/sessions/list-params";
import { csvExportRoute } from "@/lib/csv/export-route";

export const dynamic = "force-dynamic";

// "All verifications" for the list's current filter: the list's own URL schema, so the export is exactly what the list shows.
export const GET = csvExportRoute("sessions.read", "verifications", parseListParams, (params, viewerId) => exportSessionsCsv(params, { viewerId }));
