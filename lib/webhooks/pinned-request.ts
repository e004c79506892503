import http from "node:http";
import https from "node:https";
import type net from "node:net";
import type { CheckedTarget } from "./assert-webhook-url.ts";

export interface KeepAliveAgents {
  http: http.Agent;
  https: https.Agent;
}

/** Keep-alive agents per origin. A pooled socket was opened to an address that passed the guard, so reusing it never reaches an unchecked address. */
export function keepAliveAgents(maxSockets: number): KeepAliveAgents {
  return { http: new http.Agent({ keepAlive: true, maxSockets, timeout: 4_000 }), https: new https.Agent({ keepAlive: true, maxSockets, timeout: 4_000 }) };
}

/**
 * A request to a target that assertWebhookUrl checked, connected to the checked address (a DNS
 * answer that changes in between, rebinding, cannot send it elsewhere); TLS still verifies the
 * host name. The one outgoing-request door of the webhook poster and the Veriff client.
 */
export function pinnedRequest(
  target: CheckedTarget,
  agents: KeepAliveAgents,
  opts: { method: string; headers: Record<string, string> },
  onResponse: (res: http.IncomingMessage) => void,
): http.ClientRequest {
  const { url, address, family } = target;
  const lookup: net.LookupFunction = (_host, o, cb) => {
    if ((o as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else cb(null, address, family);
  };
  const secure = url.protocol === "https:";
  return (secure ? https : http).request(
    url,
    {
      method: opts.method,
      headers: opts.headers,
      lookup,
      agent: secure ? agents.https : agents.http,
      servername: secure ? url.hostname.replace(/^\[|\]$/g, "") : undefined,
    },
    onResponse,
  );
}
