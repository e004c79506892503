import crypto from "node:crypto";
import { authSecret } from "../config.ts";
import { isUuid } from "../validation/uuid.ts";

/**
 * The portal calls its own /v1 API as an integrator would, and tells the API which back-office
 * user asked: `x-checkpoint-portal-user: <user id>` with
 * `x-checkpoint-internal: hex(HMAC-SHA256(key = AUTH_SECRET, message = "portal-user:" + user id))`.
 * Only a process holding AUTH_SECRET can make the pair, so an integrator cannot pass as the portal.
 */
export const PORTAL_USER_HEADER = "x-checkpoint-portal-user";
export const PORTAL_SIGNATURE_HEADER = "x-checkpoint-internal";

export function signPortalUser(userId: string, secret = authSecret()): string {
  return crypto.createHmac("sha256", secret).update(`portal-user:${userId}`).digest("hex");
}

/** For the API: the user id when both headers are present and the signature is right, else null. */
export function verifyPortalUser(headers: Record<string, string | string[] | undefined>, secret = authSecret()): string | null {
  const userId = headers[PORTAL_USER_HEADER];
  const sig = headers[PORTAL_SIGNATURE_HEADER];
  if (typeof userId !== "string" || typeof sig !== "string" || !isUuid(userId) || !/^[0-9a-f]{64}$/.test(sig)) return null;
  const expected = Buffer.from(signPortalUser(userId, secret), "hex");
  const given = Buffer.from(sig, "hex");
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? userId : null;
}
