import type http from "node:http";
import { assertWebhookUrl } from "../webhooks/assert-webhook-url.ts";
import { keepAliveAgents, pinnedRequest } from "../webhooks/pinned-request.ts";
import { veriffTimeoutMs } from "../config.ts";

/** Media bytes are the largest answers (Checkpoint's own limit is 24 MB per picture). */
export const VERIFF_MAX_BYTES = 32 * 1024 * 1024;

const agents = keepAliveAgents(16);

export interface UpstreamAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  durationMs: number;
}

/** The request never reached an answer: refused URL, DNS, connection, timeout. */
export class UpstreamUnreachable extends Error {
  constructor(
    message: string,
    public readonly timedOut: boolean,
  ) {
    super(message);
    this.name = "UpstreamUnreachable";
  }
}

/**
 * One request to Veriff's API. The target passes the same guard as webhooks (private addresses
 * only with CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS=true) and the connection goes to the address that
 * was checked (no DNS rebinding). Redirects are not followed. Throws UpstreamUnreachable when
 * there is no HTTP answer.
 */
export async function upstreamRequest(
  rawUrl: string,
  opts: { method: string; headers: Record<string, string>; body?: string; timeoutMs?: number; maxBytes?: number },
): Promise<UpstreamAnswer> {
  const started = performance.now();
  let target;
  try {
    target = await assertWebhookUrl(rawUrl);
  } catch (e) {
    throw new UpstreamUnreachable((e as Error).message.replace(/^Webhook/, "Veriff"), false);
  }
  const { url } = target;
  const timeoutMs = opts.timeoutMs ?? veriffTimeoutMs();
  const maxBytes = opts.maxBytes ?? VERIFF_MAX_BYTES;
  return new Promise<UpstreamAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (e: UpstreamUnreachable) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(e);
    };
    const headers: Record<string, string> = { accept: "application/json", "user-agent": "Checkpoint-Veriff-Client/1", ...opts.headers };
    if (opts.body !== undefined) headers["content-length"] = String(Buffer.byteLength(opts.body));
    const req = pinnedRequest(
      target,
      agents,
      { method: opts.method, headers },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            req.destroy();
            fail(new UpstreamUnreachable(`Veriff's answer is larger than ${maxBytes} bytes.`, false));
            return;
          }
          chunks.push(c);
        });
        res.on("end", () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), durationMs: Math.round(performance.now() - started) });
        });
        res.on("error", (e) => fail(new UpstreamUnreachable(`The answer from Veriff broke off: ${e.message}`, false)));
        res.on("aborted", () => fail(new UpstreamUnreachable("The answer from Veriff broke off.", false)));
      },
    );
    const timer = setTimeout(() => {
      fail(new UpstreamUnreachable(`Veriff did not answer within ${Math.round(timeoutMs / 1000)} s (${url.origin}).`, true));
      req.destroy();
    }, timeoutMs);
    req.on("error", (e: NodeJS.ErrnoException) =>
      fail(new UpstreamUnreachable(`Veriff could not be reached at ${url.origin}: ${e.code === "ECONNREFUSED" ? "connection refused" : e.code ? `${e.code} ${e.message}` : e.message}.`, false)),
    );
    req.end(opts.body);
  });
}
