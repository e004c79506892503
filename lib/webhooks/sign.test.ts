import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { signPayload, verifySignature } from "./sign.ts";

describe("webhook signature", () => {
  it("is the lowercase hex HMAC-SHA256 of the raw body (Veriff's demo computes it the same way)", () => {
    const body = JSON.stringify({ status: "success", verification: { id: "x", code: 9001 } });
    const secret = "abcdef12-3456-7890-abcd-ef1234567890";
    const expected = crypto.createHmac("sha256", secret).update(Buffer.from(body, "utf8")).digest("hex");
    expect(signPayload(body, secret)).toBe(expected);
    expect(signPayload(body, secret)).toMatch(/^[0-9a-f]{64}$/);
    // A known vector: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
    expect(signPayload("The quick brown fox jumps over the lazy dog", "key")).toBe("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  });

  it("verifies only the exact body with the right secret", () => {
    const sig = signPayload('{"a":1}', "s");
    expect(verifySignature('{"a":1}', "s", sig)).toBe(true);
    expect(verifySignature('{"a": 1}', "s", sig)).toBe(false);
    expect(verifySignature('{"a":1}', "t", sig)).toBe(false);
    expect(verifySignature('{"a":1}', "s", "nothex")).toBe(false);
  });
});
