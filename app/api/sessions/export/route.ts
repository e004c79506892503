import { guardRoute } from "@/lib/auth/route-guard";
import { exportSessionsCsv } from "@/lib/sessions/export-sessions";
import { parseListParams } from "@/lib/sessions/list-params";
import { csvResponse } from "@/lib/csv/keyset-stream";

export const dynamic = "force-dynamic";

// "All verifications" for the list's current filter, streamed in keyset batches.
export async function GET(req: Request) {
  const g = await guardRoute("sessions.read");
  if ("response" in g) return g.response;
  // The list's own URL parameters, parsed by the list's schema: the export is exactly what the list shows.
  const params = parseListParams(new URL(req.url).searchParams);
  return csvResponse(exportSessionsCsv(params), `checkpoint-verifications-${new Date().toISOString().slice(0, 10)}.csv`);
}
