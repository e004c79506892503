import { NextResponse, type NextRequest } from "next/server";
import { requirePermission } from "@/lib/auth/current-user";
import { parseListParams } from "@/lib/sessions/list-params";
import { countSessionsByStatus, listSessions } from "@/lib/sessions/list-sessions";

export const dynamic = "force-dynamic";

/** The "All verifications" list as JSON for the live table (same params as the page URL). */
export async function GET(req: NextRequest) {
  try {
    await requirePermission("sessions.read");
  } catch (e) {
    return NextResponse.json({ error: (e as Error).message }, { status: 403 });
  }
  const params = parseListParams(req.nextUrl.searchParams);
  const [page, counts] = await Promise.all([listSessions(params), countSessionsByStatus(params)]);
  return NextResponse.json({ ...page, counts }, { headers: { "cache-control": "no-store" } });
}
