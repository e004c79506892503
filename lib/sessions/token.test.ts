import crypto from "node:crypto";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { sessionUrl, signSessionToken, verifySessionToken } from "./token.ts";
import { authSecret, reloadConfig } from "../config.ts";

beforeAll(() => {
  vi.stubEnv("AUTH_SECRET", crypto.randomBytes(32).toString("hex"));
  reloadConfig();
});

const key = () => new Uint8Array(crypto.hkdfSync("sha256", authSecret(), "checkpoint", "session-token/v1", 32));

describe("session tokens", () => {
  it("are byte-for-byte the HS256 JWT jose's SignJWT makes", async () => {
    for (const at of [new Date("2026-11-29T04:00:00.999Z"), new Date(0), new Date("2099-01-01T00:00:00Z")]) {
      const id = crypto.randomUUID();
      const viaJose = await new SignJWT({ session_id: id }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuedAt(Math.floor(at.getTime() / 1000)).sign(key());
      expect(signSessionToken(id, at)).toBe(viaJose);
    }
  });

  it("verify back to the session id and creation second", async () => {
    const id = crypto.randomUUID();
    const token = signSessionToken(id, new Date("2026-11-29T04:00:00.999Z"));
    expect(await verifySessionToken(token)).toEqual({ sessionId: id, issuedAt: new Date("2026-11-29T04:00:00Z") });
    expect(sessionUrl("https://verify.example.com/", token)).toBe(`https://verify.example.com/v/${token}`);
  });

  it("refuse a changed payload, another key, alg none and junk", async () => {
    const id = crypto.randomUUID();
    const token = signSessionToken(id, new Date());
    const [h, , s] = token.split(".");
    const other = Buffer.from(JSON.stringify({ session_id: crypto.randomUUID(), iat: 1 })).toString("base64url");
    expect(await verifySessionToken(`${h}.${other}.${s}`)).toBeNull();
    const foreign = await new SignJWT({ session_id: id }).setProtectedHeader({ alg: "HS256" }).setIssuedAt().sign(crypto.randomBytes(32));
    expect(await verifySessionToken(foreign)).toBeNull();
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${token.split(".")[1]}.`;
    expect(await verifySessionToken(none)).toBeNull();
    expect(await verifySessionToken("not-a-token")).toBeNull();
    expect(await verifySessionToken("")).toBeNull();
  });
});
