import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, nonceOf } from "./security-headers.ts";

describe("the Content-Security-Policy", () => {
  it("allows scripts only with this response's nonce, never eval in production; frames only the flow", () => {
    const nonce = newNonce();
    expect(nonce).not.toBe(newNonce());
    const portal = contentSecurityPolicy({ nonce, frameable: false, dev: false, https: false });
    expect(portal).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic';`);
    expect(portal).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(portal).toContain("frame-ancestors 'none'");
    expect(portal).toContain("object-src 'none'");
    expect(portal).not.toContain("upgrade-insecure-requests");
    expect(nonceOf(portal)).toBe(nonce);
    const flow = contentSecurityPolicy({ nonce, frameable: true, dev: false, https: true });
    expect(flow).toContain("frame-ancestors *");
    expect(flow).toContain("upgrade-insecure-requests");
    // The flow shows the integration's https logo; the back office loads no image from elsewhere.
    expect(flow).toContain("img-src 'self' blob: data: https:;");
    expect(portal).toContain("img-src 'self' blob: data:;");
    expect(contentSecurityPolicy({ nonce, frameable: false, dev: true, https: false })).toContain("'unsafe-eval'");
  });
});
