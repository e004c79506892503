import { guardedRoute } from "@/lib/auth/route-guard";
import { batchQrZip } from "@/lib/bulk/batch-results";

export const dynamic = "force-dynamic";

/** A ZIP of one QR code PNG per created session. */
export const GET = guardedRoute("sessions.create", async (_req, ctx: { params: Promise<{ id: string }> }) => {
  const id = (await ctx.params).id;
  return new Response(await batchQrZip(id), {
    headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="checkpoint-qr-${id.slice(0, 8)}.zip"`, "cache-control": "no-store" },
  });
});
