import { describe, expect, it } from "vitest";
import { parseConfig, StartupError } from "./config.ts";

describe("configuration", () => {
  it("has defaults for a first start on one machine", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      port: 3000,
      appUrl: "http://localhost:3000",
      appOrigin: "http://localhost:3000",
      internalUrl: "http://127.0.0.1:3000",
      databaseUrl: undefined,
      allowPrivateWebhooks: false,
      background: true,
      expiryIntervalMs: 60_000,
      webhookPollMs: 250,
      webhookConcurrency: 16,
      apiOnly: false,
      production: false,
    });
  });

  it("derives the URLs from PORT and APP_URL, and treats an empty variable as unset", () => {
    const c = parseConfig({ PORT: "3310", APP_URL: "https://verify.example.com/", DATABASE_URL: "", CHECKPOINT_BACKGROUND: "off", CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: "true" });
    expect(c).toMatchObject({ port: 3310, appUrl: "https://verify.example.com", appOrigin: "https://verify.example.com", internalUrl: "http://127.0.0.1:3310", databaseUrl: undefined, background: false, allowPrivateWebhooks: true });
  });

  it("names the wrong variable in one line", () => {
    const fails = (env: Record<string, string>) => {
      try {
        parseConfig(env);
      } catch (e) {
        expect(e).toBeInstanceOf(StartupError);
        return (e as Error).message;
      }
      throw new Error("accepted");
    };
    expect(fails({ PORT: "eighty" })).toBe('PORT must be a port number, got "eighty".');
    expect(fails({ APP_URL: "verify.example.com" })).toMatch(/^APP_URL must be an absolute URL/);
    expect(fails({ DATABASE_URL: "not a url" })).toMatch(/^DATABASE_URL is not a valid URL/);
    expect(fails({ DATABASE_URL: "mysql://h/db" })).toBe('DATABASE_URL must start with postgresql://, got "mysql://".');
    expect(fails({ AUTH_SECRET: "short" })).toMatch(/^AUTH_SECRET must be at least 32 characters/);
    expect(fails({ CHECKPOINT_WEBHOOK_POLL_MS: "soon" })).toBe('CHECKPOINT_WEBHOOK_POLL_MS must be a whole number of milliseconds, got "soon".');
  });

  it("sets the HTTP server's timeouts for a load balancer: keep-alive above 60 s, headers above keep-alive, and a bound on a whole request", () => {
    expect(parseConfig({}).http).toEqual({ keepAliveTimeoutMs: 65_000, headersTimeoutMs: 66_000, requestTimeoutMs: 300_000 });
    expect(parseConfig({ CHECKPOINT_KEEP_ALIVE_TIMEOUT_MS: "120000" }).http).toEqual({ keepAliveTimeoutMs: 120_000, headersTimeoutMs: 121_000, requestTimeoutMs: 300_000 });
    expect(() => parseConfig({ CHECKPOINT_KEEP_ALIVE_TIMEOUT_MS: "70000", CHECKPOINT_HEADERS_TIMEOUT_MS: "60000" })).toThrow(
      "CHECKPOINT_HEADERS_TIMEOUT_MS (60000) must be longer than CHECKPOINT_KEEP_ALIVE_TIMEOUT_MS (70000).",
    );
    expect(() => parseConfig({ CHECKPOINT_REQUEST_TIMEOUT_MS: "30000" })).toThrow("CHECKPOINT_REQUEST_TIMEOUT_MS (30000) must be at least CHECKPOINT_HEADERS_TIMEOUT_MS (66000).");
  });

  it("trusts no proxy by default, and reads TRUSTED_PROXIES as addresses and CIDR ranges", () => {
    expect(parseConfig({}).trustedProxies).toEqual([]);
    expect(parseConfig({ TRUSTED_PROXIES: "10.0.0.0/8, 192.168.1.5 ,fd00::/8" }).trustedProxies).toEqual([
      { address: "10.0.0.0", prefix: 8, family: "ipv4" },
      { address: "192.168.1.5", prefix: 32, family: "ipv4" },
      { address: "fd00::", prefix: 8, family: "ipv6" },
    ]);
    expect(() => parseConfig({ TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/^TRUSTED_PROXIES must be addresses or CIDR ranges .* got "10.0.0.0\/33"\.$/);
    expect(() => parseConfig({ TRUSTED_PROXIES: "my-balancer" })).toThrow(/got "my-balancer"/);
  });

  it("knows an https APP_URL (HSTS)", () => {
    expect(parseConfig({ APP_URL: "https://verify.example.com" }).https).toBe(true);
    expect(parseConfig({}).https).toBe(false);
  });

  it("reads the environment without writing to it", () => {
    const env: Record<string, string | undefined> = { PORT: "3311" };
    parseConfig(env);
    expect(env).toEqual({ PORT: "3311" });
  });
});
