import { guardedRoute } from "@/lib/auth/route-guard";
import { batchResultCsv } from "@/lib/bulk/batch-results";

export const dynamic = "force-dynamic";

/** Every row with its session id and URL (or why it has none), as CSV. */
export const GET = guardedRoute("sessions.create", async (_req, ctx: { params: Promise<{ id: string }> }) => {
  const id = (await ctx.params).id;
  return new Response(await batchResultCsv(id), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="checkpoint-links-${id.slice(0, 8)}.csv"`, "cache-control": "no-store" },
  });
});
