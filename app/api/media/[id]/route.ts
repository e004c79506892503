import { guardRoute } from "@/lib/auth/route-guard";
import { readMedia } from "@/lib/media/read-media";
import { isUuid } from "@/lib/validation/uuid";

export const dynamic = "force-dynamic";

/** A session's picture for signed-in staff; the bytes never leave through any public path. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const g = await guardRoute("sessions.read");
  if ("response" in g) return g.response;
  const { id } = await ctx.params;
  if (!isUuid(id)) return new Response("Not found", { status: 404 });
  const m = await readMedia(id);
  if (!m) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(m.bytes), {
    headers: {
      "content-type": m.mimetype,
      "content-length": String(m.bytes.length),
      "content-disposition": `inline; filename="${m.name.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "private, max-age=300",
      "x-content-type-options": "nosniff",
    },
  });
}
