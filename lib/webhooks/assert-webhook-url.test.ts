import { describe, expect, it } from "vitest";
import { assertWebhookUrl, isPrivateAddress } from "./assert-webhook-url.ts";

describe("webhook URL guard", () => {
  it.each([
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:a9fe:a9fe", "224.0.0.1",
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
    await expect(assertWebhookUrl("https://rebind.example/hook", { allowPrivate: false, lookup })).rejects.toThrow(/10\.0\.0\.5/);
    await expect(assertWebhookUrl("http://localhost/hook", { allowPrivate: false })).rejects.toThrow(/private/);
  });

  it("returns the checked address to connect to, and allows private targets when configured", async () => {
    const lookup = async () => [{ address: "93.184.216.34", family: 4 }];
    const t = await assertWebhookUrl("https://hooks.example/x", { allowPrivate: false, lookup });
    expect(t).toMatchObject({ address: "93.184.216.34", family: 4 });
    expect(t.url.hostname).toBe("hooks.example");
    await expect(assertWebhookUrl("http://127.0.0.1:9/x", { allowPrivate: true })).resolves.toMatchObject({ address: "127.0.0.1" });
  });
});
