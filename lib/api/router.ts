import type { IncomingMessage, ServerResponse } from "node:http";
import { appUrl } from "../config.ts";
import { isUuid } from "../validation/uuid.ts";
import { veriffError, sendFail, sendJson, toApiError } from "./errors.ts";
import { CORS_HEADERS, PREFLIGHT_HEADERS, type ApiContext } from "./context.ts";
import { createSessionHandler } from "./handlers/create-session.ts";
import { deleteSession, patchSession } from "./handlers/session-ops.ts";
import { getAttempts, getDecision, getMediaFile, getPerson, listAttemptMedia, listSessionMedia } from "./handlers/reads.ts";
import { uploadMedia } from "./handlers/upload-media.ts";
import { openApiDocument } from "./openapi.ts";
import { renderDocsPage } from "./docs-page.ts";
import { pruneApiStateSometimes } from "./prune.ts";
import { receiveVeriffWebhook, VERIFF_WEBHOOK_PATH } from "../veriff/intake.ts";
import { readBody } from "./body.ts";

// Veriff's decision payloads carry extracted data and risk labels: room for them, not for uploads.
const VERIFF_WEBHOOK_LIMIT = 1024 * 1024;

type Handler = (ctx: ApiContext) => Promise<void>;

// /v1/<collection>/<id>[/<sub>] → method → handler.
const byId: Record<string, Record<string, Record<string, Handler>>> = {
  sessions: {
    "": { PATCH: patchSession, DELETE: deleteSession },
    decision: { GET: getDecision },
    attempts: { GET: getAttempts },
    media: { GET: listSessionMedia, POST: uploadMedia },
    person: { GET: getPerson },
  },
  attempts: { media: { GET: listAttemptMedia } },
  media: { "": { GET: getMediaFile } },
};

let openApiText: string | undefined;
let docsHtml: string | undefined;

/** The /v1 API on plain node:http: every answer, failures included, is written here. */
export async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  const pathname = (req.url ?? "/").split("?", 1)[0].replace(/\/+$/, "");
  const isCreate = pathname === "/v1/sessions";
  pruneApiStateSometimes();
  try {
    if (isCreate) {
      if (method === "OPTIONS") {
        res.writeHead(204, PREFLIGHT_HEADERS).end();
        return;
      }
      if (method === "POST") return await createSessionHandler(req, res);
      throw methodNotAllowed(["POST", "OPTIONS"]);
    }
    if (pathname === "/v1/openapi.json") {
      if (method !== "GET" && method !== "HEAD") throw methodNotAllowed(["GET"]);
      openApiText ??= JSON.stringify(openApiDocument(appUrl()), null, 2);
      return sendJson(res, 200, openApiText, { "cache-control": "public, max-age=300" });
    }
    if (pathname === "/v1/docs") {
      if (method !== "GET" && method !== "HEAD") throw methodNotAllowed(["GET"]);
      docsHtml ??= renderDocsPage(openApiDocument(appUrl()));
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(docsHtml), "cache-control": "public, max-age=300", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'", "x-content-type-options": "nosniff" });
      res.end(method === "HEAD" ? undefined : docsHtml);
      return;
    }
    const hook = VERIFF_WEBHOOK_PATH.exec(pathname);
    if (hook) {
      if (method !== "POST") throw methodNotAllowed(["POST"]);
      const out = await receiveVeriffWebhook(hook[1], req.headers, await readBody(req, VERIFF_WEBHOOK_LIMIT));
      return sendJson(res, out.status, out.body);
    }
    const parts = pathname.split("/"); // "", "v1", collection, id, sub?
    const routes = parts.length >= 4 && parts.length <= 5 ? byId[parts[2]]?.[parts[4] ?? ""] : undefined;
    if (!routes) throw veriffError(404, "404", "No such endpoint.");
    const handler = routes[method];
    if (!handler) throw methodNotAllowed(Object.keys(routes));
    const rawId = parts[3];
    await handler({ req, res, rawId, id: isUuid(rawId) ? rawId.toLowerCase() : "" });
  } catch (e) {
    const err = toApiError(e);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendFail(res, err, isCreate ? CORS_HEADERS : {});
  }
}

function methodNotAllowed(allowed: string[]) {
  return veriffError(405, "405", `Method not allowed: use ${allowed.join(", ")}.`, { allow: allowed.join(", ") });
}

