import { requirePermission } from "@/lib/auth/current-user";
import { readMedia } from "@/lib/media/read-media";

export const dynamic = "force-dynamic";

/** A session's picture for signed-in staff; the bytes never leave through any public path. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    await requirePermission("sessions.read");
  } catch (e) {
    return new Response((e as Error).message, { status: 403 });
  }
  const { id } = await ctx.params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return new Response("Not found", { status: 404 });
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
