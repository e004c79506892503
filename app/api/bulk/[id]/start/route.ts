import { guardedRoute } from "@/lib/auth/route-guard";
import { getBatch } from "@/lib/bulk/get-batch";
import { startBatch } from "@/lib/bulk/create-batch";
import { bulkStartInput } from "@/lib/validation/bulk-upload";

export const dynamic = "force-dynamic";

/** Starts creating a previewed batch's valid rows. */
export const POST = guardedRoute("sessions.create", async (req, ctx: { params: Promise<{ id: string }> }, actor) => {
  const input = bulkStartInput.parse({ batchId: (await ctx.params).id, ...(await req.json().catch(() => ({}))) });
  await startBatch(input.batchId, actor, { sendEmail: input.sendEmail });
  return Response.json(await getBatch(input.batchId));
});
