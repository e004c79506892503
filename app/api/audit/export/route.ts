import { guardRoute } from "@/lib/auth/route-guard";
import { parseAuditFilter } from "@/lib/audit/audit-filter";
import { exportAuditCsv } from "@/lib/audit/list-audit";
import { csvResponse } from "@/lib/csv/keyset-stream";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const g = await guardRoute("audit.read");
  if ("response" in g) return g.response;
  const filter = parseAuditFilter(new URL(req.url).searchParams);
  return csvResponse(exportAuditCsv(filter), `checkpoint-audit-${new Date().toISOString().slice(0, 10)}.csv`);
}
