import net from "node:net";
import { config, type TrustedRange } from "../config.ts";

const unmapped = (ip: string) => (ip.toLowerCase().startsWith("::ffff:") && net.isIPv4(ip.slice(7)) ? ip.slice(7) : ip);

let cached: { from: TrustedRange[]; list: net.BlockList } | undefined;
function trusted(ranges: TrustedRange[]): net.BlockList {
  if (cached?.from !== ranges) {
    const list = new net.BlockList();
    for (const r of ranges) list.addSubnet(r.address, r.prefix, r.family);
    cached = { from: ranges, list };
  }
  return cached.list;
}

const isTrusted = (list: net.BlockList, ip: string) => {
  const family = net.isIP(ip);
  return family !== 0 && list.check(ip, family === 4 ? "ipv4" : "ipv6");
};

/**
 * The client's address, for the audit log and the sign-in throttle. It starts from the socket's
 * peer address, set by server.ts as `x-checkpoint-peer` (a client-sent value is overwritten
 * there). Only when that peer is one of TRUSTED_PROXIES (default: none) is X-Forwarded-For read,
 * from the right: each hop a trusted proxy appended is skipped, and the first hop that is not a
 * trusted proxy is the client. Everything left of it was written by the client and is ignored:
 * a client cannot pick its address by sending a header.
 */
export function clientAddress(
  headers: Record<string, string | string[] | undefined> | Headers,
  trustedProxies: TrustedRange[] = config().trustedProxies,
): string | null {
  const get = (name: string) => {
    if (headers instanceof Headers) return headers.get(name);
    const v = headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const peer = get("x-checkpoint-peer")?.trim();
  if (!peer) return null;
  let client = unmapped(peer);
  if (trustedProxies.length === 0) return client;
  const list = trusted(trustedProxies);
  const hops = (get("x-forwarded-for") ?? "").split(",").map((h) => unmapped(h.trim())).filter(Boolean);
  while (isTrusted(list, client)) {
    const next = hops.pop();
    // A hop that is not an address was not written by a proxy: the nearest proxy is what we know.
    if (!next || !net.isIP(next)) break;
    client = next;
  }
  return client;
}
