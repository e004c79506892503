import { describe, expect, it } from "vitest";
import { assertSavableWebhookUrls, assertWebhookUrl, isPrivateAddress } from "./assert-webhook-url.ts";

describe("webhook URL guard", () => {
  it.each([
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:a9fe:a9fe", "224.0.0.1",
    // Documentation ranges (RFC 5737, RFC 3849): never a real webhook receiver.
    "192.0.2.1", "198.51.100.20", "203.0.113.255", "::ffff:203.0.113.5", "2001:db8::1",
  ])("refuses %s", (ip) => expect(isPrivateAddress(ip)).toBe(true));

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])("allows %s", (ip) =>
    expect(isPrivateAddress(ip)).toBe(false),
  );

  it("accepts only http(s) URLs", async () => {
    await expect(assertWebhookUrl("ftp://example.com/x", { allowPrivate: false })).rejects.toThrow(/http/);
    await expect(assertWebhookUrl("not a url", { allowPrivate: false })).rejects.toThrow(/valid URL/);
    await expect(assertWebhookUrl("file:///etc/passwd", { allowPrivate: false })).rejects.toThrow(/http/);
  });

  it("refuses literal and resolved private targets, and names that resolve to any private address", async () => {
    await expect(assertWebhookUrl("http://127.0.0.1:8080/hook", { allowPrivate: false })).rejects.toThrow(/private/);
    await expect(assertWebhookUrl("http://[::ffff:127.0.0.1]/hook", { allowPrivate: false })).rejects.toThrow(/private/);
    const lookup = async () => [{ address: "93.184.216.34", family: 4 }, { address: "10.0.0.5", family: 4 }];
    await expect(assertWebhookUrl("https://rebind.example/hook", { allowPrivate: false, lookup })).rejects.toThrow(/rebind\.example is not allowed/);
    await expect(assertWebhookUrl("http://localhost/hook", { allowPrivate: false })).rejects.toThrow(/private/);
  });

  it("never says what an internal name resolves to", async () => {
    const lookup = async () => [{ address: "10.20.30.40", family: 4 }];
    const e = await assertWebhookUrl("https://db.internal/hook", { allowPrivate: false, lookup }).catch((x: Error) => x);
    expect((e as Error).message).toBe("Webhook target db.internal is not allowed: it is a private or reserved address, or resolves to one.");
    expect((e as Error).message).not.toContain("10.20");
    const failing = async () => Promise.reject(Object.assign(new Error("getaddrinfo ENOTFOUND db.internal via 10.0.0.53"), { code: "ENOTFOUND" }));
    await expect(assertWebhookUrl("https://db.internal/hook", { allowPrivate: false, lookup: failing })).rejects.toThrow(/^Could not resolve db\.internal: ENOTFOUND\.$/);
  });

  it("checks webhook URLs when they are saved, naming the field; a name that does not resolve yet is accepted", async () => {
    const lookup = async (host: string) => (host === "nowhere.example" ? Promise.reject(Object.assign(new Error("x"), { code: "ENOTFOUND" })) : [{ address: host === "inside.example" ? "192.168.0.9" : "93.184.216.34", family: 4 }]);
    await expect(assertSavableWebhookUrls({ decisionWebhookUrl: "https://hooks.example/d", eventWebhookUrl: "http://203.0.113.7/e" }, { allowPrivate: false, lookup })).rejects.toMatchObject({ code: "webhook_private", field: "eventWebhookUrl" });
    await expect(assertSavableWebhookUrls({ decisionWebhookUrl: "https://inside.example/d" }, { allowPrivate: false, lookup })).rejects.toMatchObject({ field: "decisionWebhookUrl" });
    await expect(assertSavableWebhookUrls({ decisionWebhookUrl: "https://nowhere.example/d", eventWebhookUrl: null }, { allowPrivate: false, lookup })).resolves.toBeUndefined();
    await expect(assertSavableWebhookUrls({ decisionWebhookUrl: "http://127.0.0.1:9/d" }, { allowPrivate: true, lookup })).resolves.toBeUndefined();
  });

  it("returns the checked address to connect to, and allows private targets when configured", async () => {
    const lookup = async () => [{ address: "93.184.216.34", family: 4 }];
    const t = await assertWebhookUrl("https://hooks.example/x", { allowPrivate: false, lookup });
    expect(t).toMatchObject({ address: "93.184.216.34", family: 4 });
    expect(t.url.hostname).toBe("hooks.example");
    await expect(assertWebhookUrl("http://127.0.0.1:9/x", { allowPrivate: true })).resolves.toMatchObject({ address: "127.0.0.1" });
  });
});
