import { z } from "zod";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname) || hostname.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** A redirect (callback) URL: HTTPS, or plain http on localhost/loopback for development. */
export function isAllowedCallbackUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    if (u.protocol === "https:") return true;
    return u.protocol === "http:" && isLoopbackHost(u.hostname);
  } catch {
    return false;
  }
}

export const callbackUrl = z
  .string()
  .trim()
  .max(2048)
  .refine(isAllowedCallbackUrl, { message: "Must be an https:// URL (http:// is allowed only for localhost)." });

export const webhookUrl = z
  .string()
  .trim()
  .max(2048)
  .refine(
    (raw) => {
      try {
        return ["http:", "https:"].includes(new URL(raw).protocol);
      } catch {
        return false;
      }
    },
    { message: "Must be an http:// or https:// URL." },
  );

/** Checkbox values from a form ("on"), "true"/"false" from a hidden field, or booleans from code. */
export const formBoolean = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

/** Empty form fields mean "not set". */
export const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());
