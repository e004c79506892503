import { z } from "zod";
import { optional } from "./common.ts";
import { limits } from "./limits.ts";

/**
 * A logo or privacy-policy URL: https only. The logo is an <img> the person's browser loads from
 * the integration's own host (the server never fetches it: no SSRF), and https keeps the flow
 * free of mixed content.
 */
const httpsUrl = (what: string) =>
  z
    .string()
    .trim()
    .max(limits.url, `${what} is at most ${limits.url} characters.`)
    .refine(
      (raw) => {
        try {
          const u = new URL(raw);
          return u.protocol === "https:" && !u.username && !u.password;
        } catch {
          return false;
        }
      },
      { message: `${what} must be an https:// address.` },
    );

export const accentColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "Accent colour must be a colour like #1D4ED8 (# and six hexadecimal digits).")
  .transform((c) => c.toUpperCase());

export const emailAddress = (what = "E-mail address") =>
  z
    .string()
    .trim()
    .toLowerCase()
    .max(limits.email, `${what} is at most ${limits.email} characters.`)
    .pipe(z.email(`${what} is not a valid e-mail address.`));

/** The hosted flow's branding, set on the integration's settings and by `integration update`. Empty: not set. */
export const brandingFields = {
  brandDisplayName: optional(z.string().trim().max(limits.name, `Display name is at most ${limits.name} characters.`)),
  brandLogoUrl: optional(httpsUrl("Logo URL")),
  brandAccentColor: optional(accentColor),
  privacyPolicyUrl: optional(httpsUrl("Privacy-policy URL")),
  supportEmail: optional(emailAddress("Support e-mail")),
};
export const brandingKeys = Object.keys(brandingFields) as (keyof typeof brandingFields)[];
