/**
 * The one error model. Domain code in lib/ throws DomainError; each entry point maps it once:
 * /v1 → Veriff's {"status":"fail","code","message"} (lib/api/errors.ts), server actions → FormState
 * (lib/actions/form-state.ts), route handlers → JSON (lib/auth/route-guard.ts), the hosted flow →
 * JSON (lib/flow/respond.ts), the CLI → one line on stderr (lib/cli/main.ts).
 */
export interface DomainErrorOptions {
  /** The input field it concerns, for forms (a dotted path for nested input). */
  field?: string;
  /** The HTTP status an entry point answers with; by default from the code (statusForCode). */
  httpStatus?: number;
  /** Veriff's error code, for the /v1 API (shared/veriff-api.md). */
  veriffCode?: string;
  /** Seconds after which a retry may succeed (rate limits): the Retry-After header. */
  retryAfter?: number;
  /** Further response headers (e.g. Allow on a 405). */
  headers?: Record<string, string>;
}

// HTTP status of the codes that are not a plain 400 (bad input or a refused operation).
const statusOfCode: Record<string, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_test: 403,
  not_found: 404,
  session_not_found: 404,
  media_not_found: 404,
  user_not_found: 404,
  delivery_not_found: 404,
  invalid_token: 404,
  method_not_allowed: 405,
  conflict: 409,
  status_changed: 409,
  illegal_transition: 409,
  media_after_submit: 409,
  veriff_session: 409,
  media_too_large: 413,
  body_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

export const statusForCode = (code: string): number => statusOfCode[code] ?? 400;

export class DomainError extends Error {
  readonly field?: string;
  readonly httpStatus: number;
  readonly veriffCode?: string;
  readonly retryAfter?: number;
  readonly headers: Record<string, string>;

  constructor(
    /** Stable and machine-readable: entry points and tests match on it, never on the message. */
    public readonly code: string,
    message: string,
    options: string | DomainErrorOptions = {},
  ) {
    super(message);
    this.name = "DomainError";
    const o = typeof options === "string" ? { field: options } : options;
    this.field = o.field;
    this.httpStatus = o.httpStatus ?? statusForCode(code);
    this.veriffCode = o.veriffCode;
    this.retryAfter = o.retryAfter;
    this.headers = { ...o.headers, ...(o.retryAfter !== undefined && { "retry-after": String(o.retryAfter) }) };
  }
}

export const isDomainError = (e: unknown, code?: string): e is DomainError => e instanceof DomainError && (code === undefined || e.code === code);

export const unauthenticated = () => new DomainError("unauthenticated", "Your session has ended: sign in again.");
export const forbidden = (message = "You do not have permission to do this.") => new DomainError("forbidden", message);
