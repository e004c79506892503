import { readFlowPicture } from "@/lib/flow/flow-session";
import { flowError } from "@/lib/flow/respond";
import { mediaHeaders, mediaWebStream } from "@/lib/media/media-store";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, ctx: { params: Promise<{ token: string; id: string }> }) {
  const { token, id } = await ctx.params;
  try {
    const m = await readFlowPicture(token, id);
    if (!m) return new Response("Not found", { status: 404 });
    return new Response(mediaWebStream(m), { headers: mediaHeaders(m, "private, no-store") });
  } catch (e) {
    return flowError(e);
  }
}
