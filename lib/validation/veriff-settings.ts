import { z } from "zod";
import { isLoopbackHost, optional } from "./common.ts";
import { allowPrivateWebhooks } from "../webhooks/assert-webhook-url.ts";

export const providers = ["checkpoint", "veriff"] as const;
export type ProviderName = (typeof providers)[number];

/**
 * Veriff's API base URL: https, or plain http to a loopback address only when
 * CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS=true (development, tests). Where it resolves is checked again
 * on every call (lib/veriff/http.ts): private addresses are refused unless that flag is set.
 */
export function veriffBaseUrlProblem(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "Must be an absolute URL such as https://stationapi.veriff.com.";
  }
  if (u.username || u.password) return "Must not contain a user name or password.";
  if (u.search || u.hash) return "Must not have a query or fragment: only the base, e.g. https://stationapi.veriff.com.";
  if (u.protocol === "https:") return null;
  if (u.protocol === "http:" && allowPrivateWebhooks() && isLoopbackHost(u.hostname)) return null;
  return u.protocol === "http:"
    ? "Must use https:// (plain http:// only to a loopback address, and only with CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS=true)."
    : "Must be an https:// URL.";
}

export const veriffBaseUrl = z
  .string()
  .trim()
  .max(2048)
  .superRefine((raw, ctx) => {
    const problem = veriffBaseUrlProblem(raw);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((raw) => raw.replace(/\/+$/, ""));

const credential = (what: string) => z.string().trim().min(1, `${what} is required.`).max(256, `${what} is at most 256 characters.`);

/** The provider fields of an integration; empty key or secret fields on an update mean "keep". */
export const veriffSettingsFields = {
  provider: z.enum(providers).optional(),
  veriffBaseUrl: optional(veriffBaseUrl),
  veriffApiKey: optional(credential("Veriff API key")),
  veriffSharedSecret: optional(credential("Veriff shared secret")),
};
