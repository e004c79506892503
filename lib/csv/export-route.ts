import "server-only";
import { guardRoute } from "../auth/route-guard.ts";
import type { Permission } from "../auth/permissions.ts";
import { csvResponse } from "./keyset-stream.ts";

/**
 * A CSV export's route handler: the permission, the screen's own URL schema (so the file holds
 * exactly what the screen shows), the rows streamed in keyset batches, checkpoint-<name>-<date>.csv.
 */
export function csvExportRoute<F>(permission: Permission, name: string, parse: (sp: URLSearchParams) => F, rows: (filter: F, viewerId: string) => ReadableStream<Uint8Array>) {
  return async (req: Request): Promise<Response> => {
    const g = await guardRoute(permission);
    if ("response" in g) return g.response;
    return csvResponse(rows(parse(new URL(req.url).searchParams), g.user.id), `checkpoint-${name}-${new Date().toISOString().slice(0, 10)}.csv`);
  };
}
