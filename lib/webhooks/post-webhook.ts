import http from "node:http";
import https from "node:https";
import type net from "node:net";
import { assertWebhookUrl } from "./assert-webhook-url.ts";

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const RESPONSE_EXCERPT_BYTES = 2048;

// Keep-alive connections per origin. A pooled socket was opened to an address that passed the
// guard, so reusing it never reaches an unchecked address.
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 32, timeout: 4_000 }), https: new https.Agent({ keepAlive: true, maxSockets: 32, timeout: 4_000 }) };

export interface PostResult {
  statusCode: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
}

/**
 * One POST of a webhook body. Never throws: every failure (refused URL, DNS, connection, timeout)
 * comes back as `error`. Redirects are not followed (a 3xx is a failed attempt). The connection
 * goes to the address assertWebhookUrl checked, so a DNS answer that changes in between
 * (rebinding) cannot redirect it to a private address.
 */
export async function postWebhook(rawUrl: string, body: string, headers: Record<string, string>, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<PostResult> {
  const started = performance.now();
  const done = (r: Omit<PostResult, "durationMs">): PostResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
  let target;
  try {
    target = await assertWebhookUrl(rawUrl);
  } catch (e) {
    return done({ statusCode: null, responseExcerpt: null, error: (e as Error).message });
  }
  const { url, address, family } = target;
  const lib = url.protocol === "https:" ? https : http;
  const pinnedLookup: net.LookupFunction = (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else cb(null, address, family);
  };
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<PostResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const req = lib.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: pinnedLookup,
        agent: url.protocol === "https:" ? agents.https : agents.http,
        servername: url.protocol === "https:" ? url.hostname.replace(/^\[|\]$/g, "") : undefined,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on("data", (c: Buffer) => {
          if (kept < RESPONSE_EXCERPT_BYTES) {
            chunks.push(c);
            kept += c.length;
          }
        });
        const end = () => {
          const excerpt = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString("utf8");
          finish({ statusCode: res.statusCode ?? null, responseExcerpt: excerpt, error: null });
        };
        res.on("end", end);
        res.on("error", end);
        res.on("aborted", end);
      },
    );
    const timer = setTimeout(() => {
      finish({ statusCode: null, responseExcerpt: null, error: `Timed out after ${timeoutMs} ms.` });
      req.destroy();
    }, timeoutMs);
    req.on("error", (e: NodeJS.ErrnoException) => finish({ statusCode: null, responseExcerpt: null, error: e.code ? `${e.code}: ${e.message}` : e.message }));
    req.end(body);
  });
}
