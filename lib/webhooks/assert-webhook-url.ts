import dns from "node:dns/promises";
import net from "node:net";
import { DomainError, isDomainError } from "../errors.ts";
import { config } from "../config.ts";

// Addresses a webhook must never reach from the server: private, loopback, link-local,
// unique-local, CGNAT, unspecified, multicast, documentation (RFC 5737, RFC 3849) and reserved
// ranges (SSRF into the operator's network).
const blocked = new net.BlockList();
for (const [net4, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) blocked.addSubnet(net4, prefix, "ipv4");
for (const [net6, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) blocked.addSubnet(net6, prefix, "ipv6");

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::/96) IPv6 address. */
function embeddedIPv4(ip: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)(?:0{1,4}:)?(.+)$/i.exec(ip);
  if (!m) return null;
  const tail = m[1];
  if (net.isIPv4(tail)) return tail;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail);
  if (!hex) return null;
  const hi = parseInt(hex[1], 16), lo = parseInt(hex[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export function isPrivateAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, "ipv4");
  if (family === 6) {
    const v4 = embeddedIPv4(ip);
    if (v4) return blocked.check(v4, "ipv4");
    return blocked.check(ip, "ipv6");
  }
  return true;
}

export const allowPrivateWebhooks = () => config().allowPrivateWebhooks;

export interface CheckedTarget {
  url: URL;
  /** The resolved address that was checked: the request must connect to this one (no second lookup). */
  address: string;
  family: 4 | 6;
}

export type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;
const systemLookup: Lookup = (host) => dns.lookup(host, { all: true, verbatim: true });

/**
 * Refuses a webhook target that is not http(s) or that resolves to a private address (unless
 * CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS=true). Every address the name resolves to is checked, so a
 * name with one public and one private address is refused.
 */
export async function assertWebhookUrl(raw: string, opts: { allowPrivate?: boolean; lookup?: Lookup } = {}): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DomainError("webhook_url", "The webhook URL is not a valid URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new DomainError("webhook_url", "Webhook URLs must use http:// or https://.");
  if (url.username || url.password) throw new DomainError("webhook_url", "Webhook URLs must not contain credentials.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await (opts.lookup ?? systemLookup)(host);
    } catch (e) {
      throw new DomainError("webhook_dns", `Could not resolve ${host}: ${(e as NodeJS.ErrnoException).code ?? "no answer"}.`);
    }
    if (addresses.length === 0) throw new DomainError("webhook_dns", `Could not resolve ${host}.`);
  }
  const allowPrivate = opts.allowPrivate ?? allowPrivateWebhooks();
  if (!allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    // The answer never says what the name resolved to: that would map the operator's network for whoever can save a URL.
    if (bad) throw new DomainError("webhook_private", `Webhook target ${host} is not allowed: it is a private or reserved address, or resolves to one.`);
  }
  return { url, address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}

/**
 * When an integration's webhook URLs are saved (the settings page, the CLI): each one that is,
 * or resolves to, a private or reserved address is refused, with its field named, unless
 * CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS. A name that does not resolve yet is accepted (its DNS may
 * come later); every delivery checks again (post-webhook.ts).
 */
export async function assertSavableWebhookUrls(urls: Record<string, string | null | undefined>, opts: { allowPrivate?: boolean; lookup?: Lookup } = {}): Promise<void> {
  if (opts.allowPrivate ?? allowPrivateWebhooks()) return;
  for (const [field, raw] of Object.entries(urls)) {
    if (!raw) continue;
    try {
      await assertWebhookUrl(raw, { allowPrivate: false, lookup: opts.lookup });
    } catch (e) {
      if (isDomainError(e, "webhook_dns")) continue;
      if (e instanceof DomainError) throw new DomainError(e.code, e.message, { field });
      throw e;
    }
  }
}
