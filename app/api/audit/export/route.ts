import { parseAuditFilter } from "@/lib/audit/audit-filter";
import { exportAuditCsv } from "@/lib/audit/list-audit";
import { csvExportRoute } from "@/lib/csv/export-route";

export const dynamic = "force-dynamic";

// The audit log for its current filter.
export const GET = csvExportRoute("audit.read", "audit", parseAuditFilter, (filter) => exportAuditCsv(filter));
