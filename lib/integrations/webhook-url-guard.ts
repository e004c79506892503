import dns from "node:dns/promises";
import net from "node:net";
import { DomainError } from "../errors.ts";

// Refuses targets inside the host's own network (SSRF): loopback, private, link-local (cloud
// metadata at 169.254.169.254), CGNAT, multicast and unspecified addresses.
const blocked = new net.BlockList();
for (const [a, p] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(a, p, "ipv4");
for (const [a, p] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["64:ff9b::", 96]] as const) blocked.addSubnet(a, p, "ipv6");

export function isPrivateAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return blocked.check(mapped[1], "ipv4");
    return blocked.check(ip, "ipv6");
  }
  return true;
}

export const privateWebhooksAllowed = () => process.env.CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS === "true";

/**
 * Resolves the URL's host and returns the address to connect to. Connecting to that exact
 * address (not resolving again) keeps a DNS answer that changes in between from slipping past.
 */
export async function resolveWebhookTarget(raw: string): Promise<{ url: URL; address: string; family: 4 | 6 }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DomainError("invalid_url", "The webhook URL is not a valid URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new DomainError("invalid_url", "The webhook URL must use http or https.");
  if (url.username || url.password) throw new DomainError("invalid_url", "The webhook URL must not contain credentials.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const found = net.isIP(host) ? [{ address: host, family: net.isIP(host) as 4 | 6 }] : await dns.lookup(host, { all: true }).catch(() => []);
  if (found.length === 0) throw new DomainError("unresolvable", `The host ${host} could not be resolved.`);
  if (!privateWebhooksAllowed() && found.some((a) => isPrivateAddress(a.address))) {
    throw new DomainError("private_target", `Refusing to send to ${host}: it resolves to a private, loopback or link-local address.`);
  }
  return { url, address: found[0].address, family: found[0].family as 4 | 6 };
}
