import { PassThrough, Readable } from "node:stream";
import { guardRoute, routeError } from "@/lib/auth/route-guard";
import { exportPerson } from "@/lib/privacy/export-person";
import { personQuery } from "@/lib/validation/person-query";
import { DomainError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** GET ?vendorData=V | ?endUserId=U: one person's data-subject export as a zip (admins; audited). */
export async function GET(req: Request) {
  const g = await guardRoute("privacy.manage");
  if ("response" in g) return g.response;
  const params = new URL(req.url).searchParams;
  const parsed = personQuery.safeParse({ vendorData: params.get("vendorData") ?? undefined, endUserId: params.get("endUserId") ?? undefined, sessionId: params.get("sessionId") ?? undefined });
  if (!parsed.success) return routeError(new DomainError("invalid", parsed.error.issues[0].message, { field: String(parsed.error.issues[0].path[0] ?? "") }));
  try {
    const e = await exportPerson(parsed.data, { id: g.user.id, label: g.user.email });
    const body = new PassThrough();
    e.write(body).catch((err) => body.destroy(err));
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(Readable.toWeb(body) as ReadableStream, {
      headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="person-export-${stamp}.zip"`, "cache-control": "private, no-store" },
    });
  } catch (e) {
    return routeError(e);
  }
}
