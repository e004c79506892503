import { guardedRoute } from "@/lib/auth/route-guard";
import { getBatch } from "@/lib/bulk/get-batch";

export const dynamic = "force-dynamic";

/** A batch's progress and problem rows (the page polls it). */
export const GET = guardedRoute("sessions.create", async (_req, ctx: { params: Promise<{ id: string }> }) =>
  Response.json(await getBatch((await ctx.params).id), { headers: { "cache-control": "no-store" } }),
);
