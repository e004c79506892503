import { assertWebhookUrl } from "./assert-webhook-url.ts";
import { keepAliveAgents, pinnedRequest } from "./pinned-request.ts";

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const RESPONSE_EXCERPT_BYTES = 2048;

const agents = keepAliveAgents(32);

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
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<PostResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const req = pinnedRequest(
      target,
      agents,
      { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } },
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
