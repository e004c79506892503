import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address.ts";
import { parseConfig } from "../config.ts";

const proxies = (list: string) => parseConfig({ TRUSTED_PROXIES: list }).trustedProxies;

describe("the client address", () => {
  it("is the socket's peer when no proxy is trusted (the default): X-Forwarded-For is ignored", () => {
    expect(clientAddress({ "x-checkpoint-peer": "::ffff:198.51.100.7", "x-forwarded-for": "1.2.3.4" }, [])).toBe("198.51.100.7");
    expect(clientAddress({ "x-forwarded-for": "1.2.3.4" }, [])).toBeNull();
  });

  it("behind trusted proxies: the right-most hop that is not a trusted proxy, whatever the client wrote to its left", () => {
    const trusted = proxies("10.0.0.0/8, ::1");
    const h = (xff: string, peer = "10.0.0.2") => new Headers({ "x-checkpoint-peer": peer, "x-forwarded-for": xff });
    // The client wrote 6.6.6.6; the balancer (10.0.0.2) appended the address it saw.
    expect(clientAddress(h("6.6.6.6, 203.0.113.9"), trusted)).toBe("203.0.113.9");
    // Two proxies: both skipped.
    expect(clientAddress(h("6.6.6.6, 203.0.113.9, 10.1.1.1"), trusted)).toBe("203.0.113.9");
    // A forged "trusted" hop to the left of the real client does not matter.
    expect(clientAddress(h("10.9.9.9, 203.0.113.9"), trusted)).toBe("203.0.113.9");
    // A peer that is not a trusted proxy: its header is not believed.
    expect(clientAddress(h("203.0.113.9", "198.51.100.7"), trusted)).toBe("198.51.100.7");
    // A trusted peer without the header, or with a hop that is not an address: the nearest proxy.
    expect(clientAddress(h(""), trusted)).toBe("10.0.0.2");
    expect(clientAddress(h("not-an-ip, 10.1.1.1"), trusted)).toBe("10.1.1.1");
    expect(clientAddress(h("::ffff:203.0.113.9", "::1"), trusted)).toBe("203.0.113.9");
  });
});
