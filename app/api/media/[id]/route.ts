import { guardRoute } from "@/lib/auth/route-guard";
import { mediaHeaders, mediaWebStream, openMedia } from "@/lib/media/media-store";
import { isUuid } from "@/lib/validation/uuid";

export const dynamic = "force-dynamic";

/** A session's picture for signed-in staff, decrypted as it streams; the bytes never leave through any public path. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const g = await guardRoute("sessions.read");
  if ("response" in g) return g.response;
  const { id } = await ctx.params;
  if (!isUuid(id)) return new Response("Not found", { status: 404 });
  const m = await openMedia(id);
  if (!m) return new Response("Not found", { status: 404 });
  return new Response(mediaWebStream(m), { headers: mediaHeaders(m, "private, max-age=300") });
}
