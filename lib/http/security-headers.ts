import crypto from "node:crypto";

/** A fresh nonce for one response's scripts (16 random bytes, base64). */
export const newNonce = () => crypto.randomBytes(16).toString("base64");

/**
 * The Content-Security-Policy of every page Next serves (server.ts sets it per request, on the
 * request too, where Next reads the nonce and puts it on its own scripts). Scripts run only with
 * this response's nonce, or when loaded by one that has it ('strict-dynamic'); no inline script,
 * no eval (but in development, where React needs it), no plugins, no other origins. Styles may be
 * inline (React style attributes). The back office is never framed; the hosted flow is embedded
 * by customers' sites (@veriff/incontext-sdk), so any ancestor may frame it, and it shows the
 * integration's logo from the https address an admin set (images only: no script, no connect).
 *
 * form-action is left open on purpose: a form whose POST redirects to a single sign-on provider
 * would be blocked by form-action 'self' in Chromium (it applies to the redirect's target).
 */
export function contentSecurityPolicy(opts: { nonce: string; frameable: boolean; dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' blob: data:${opts.frameable ? " https:" : ""}`,
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    `frame-ancestors ${opts.frameable ? "*" : "'none'"}`,
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** HSTS: two years, sent only when APP_URL is https (over plain http it would be ignored, and wrong). */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** The script nonce in a policy this module wrote (the request's copy, for the pages' own inline scripts). */
export function nonceOf(policy: string | null | undefined): string | undefined {
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? "")?.[1];
}
