import { guardedRoute } from "@/lib/auth/route-guard";
import { parseAnalyticsQuery } from "@/lib/validation/analytics";
import { getAnalytics } from "@/lib/analytics/get-analytics";

export const dynamic = "force-dynamic";

/** The analytics page's figures: ?from=YYYY-MM-DD&to=YYYY-MM-DD[&integration=ID][&environment=test|live]; a bad one is a 400 naming it. */
export const GET = guardedRoute("analytics.read", async (req) =>
  Response.json(await getAnalytics(parseAnalyticsQuery(new URL(req.url).searchParams)), { headers: { "cache-control": "no-store" } }),
);
