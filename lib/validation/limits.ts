// The longest values the forms, the API and the CLI accept, one number per kind of text. The
// database columns are `text` (unbounded), so these are the limits: every schema takes them from here.
export const limits = {
  /** RFC 5321: a forward path is at most 256 octets including the angle brackets. */
  email: 254,
  /** A person's or an integration's name, a display name. */
  name: 100,
  /** An API key's label. */
  label: 60,
  url: 2048,
} as const;
