import { NextResponse, type NextRequest } from "next/server";
import { guardRoute } from "@/lib/auth/route-guard";
import { parseListParams } from "@/lib/sessions/list-params";
import { countSessionsByStatus, listSessions } from "@/lib/sessions/list-sessions";

export const dynamic = "force-dynamic";

/** The "All verifications" list as JSON for the live table (same params as the page URL). */
export async function GET(req: NextRequest) {
  const g = await guardRoute("sessions.read");
  if ("response" in g) return g.response;
  const params = parseListParams(req.nextUrl.searchParams);
  const [page, counts] = await Promise.all([listSessions(params, undefined, g.user.id), countSessionsByStatus(params)]);
  return NextResponse.json({ ...page, counts }, { headers: { "cache-control": "no-store" } });
}
