import type { IncomingMessage, ServerResponse } from "node:http";

export interface ApiContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The id in the path (session, attempt or media) as sent: what X-HMAC-SIGNATURE signs. */
  rawId: string;
  /** rawId lower-cased when it is a UUID, else "" (no such row can exist: answered 404 after the signature check). */
  id: string;
}

/** Headers every cross-origin answer on /v1/sessions carries (@veriff/js-sdk posts from customers' pages). */
export const CORS_HEADERS = { "access-control-allow-origin": "*", "access-control-expose-headers": "retry-after" } as const;

export const PREFLIGHT_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "content-type, x-auth-client, x-origin, vrf-integration-id, idempotency-key",
  "access-control-max-age": "600",
} as const;
