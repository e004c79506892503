import { ZodError, type z } from "zod";
import { DomainError } from "../errors.ts";
import { fieldErrorsOf } from "../validation/issues.ts";

/** What a server action hands back to its form: a message, per-field errors, and what was typed. */
export interface FormState<T = unknown> {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  result?: T;
}

/** A server action as a form (useActionState) calls it; pages hand these to components as props. */
export type FormAction<T = unknown> = (prev: FormState<T>, form: FormData) => Promise<FormState<T>>;

export const initialFormState: FormState = { ok: false };

// Passwords (new, confirmation, current) and secrets are never sent back to the browser.
const SECRET_FIELD = /password|secret|^confirm$|^current$/i;

/** The form's text fields; `echo` leaves out the secret ones, for handing back with an error. */
export function formValues(form: FormData, { echo = false } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$") && !(echo && SECRET_FIELD.test(k))) out[k] = v;
  return out;
}

/** Server actions' one mapper: any failure → a FormState naming the wrong fields, keeping what was typed. */
export function failure(e: unknown, values: Record<string, string>): FormState<never> {
  if (e instanceof ZodError) return { ok: false, message: "Please correct the highlighted fields.", fieldErrors: fieldErrorsOf(e), values };
  if (e instanceof DomainError) return { ok: false, message: e.message, fieldErrors: e.field ? { [e.field]: e.message } : undefined, values };
  console.error("[action]", e);
  return { ok: false, message: "Something went wrong on our side; nothing was saved. Try again.", values };
}

/** A form field's name as people read it: "firstName" → "First name", "engineSettings.minAge" → "Min age". */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const last = [...path].reverse().find((p) => typeof p === "string");
  if (!last) return "This value";
  if (last === "email") return "E-mail address";
  const words = last.replace(/Url$/, "URL").replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase().replace(/\burl\b/g, "URL");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const plural = (n: number | bigint, one: string) => `${n} ${one}${Number(n) === 1 ? "" : "s"}`;

/**
 * zod's default messages ("Too big: expected string to have <=100 characters") as sentences that
 * name the field. Given to every form's parse (formAction); a message a schema sets itself wins.
 */
export const plainIssue: z.core.$ZodErrorMap = (issue) => {
  const field = fieldLabel(issue.path ?? []);
  switch (issue.code) {
    case "too_big":
      if (issue.origin === "string") return `${field} is at most ${plural(issue.maximum, "character")}.`;
      if (issue.origin === "array" || issue.origin === "set") return `${field}: choose at most ${issue.maximum}.`;
      return `${field} is at most ${issue.maximum}.`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? `${field} is required.` : `${field} needs at least ${plural(issue.minimum, "character")}.`;
      if (issue.origin === "array" || issue.origin === "set") return `${field}: choose at least ${issue.minimum}.`;
      return `${field} is at least ${issue.minimum}.`;
    case "invalid_type":
      if (issue.input === undefined || issue.input === null || issue.input === "") return `${field} is required.`;
      return issue.expected === "number" || issue.expected === "int" ? `${field} must be a number.` : `${field} is not valid.`;
    case "invalid_format":
      if (issue.format === "email") return `${field} is not a valid e-mail address.`;
      if (issue.format === "url") return `${field} is not a valid address (it starts with https://).`;
      if (issue.format === "uuid" || issue.format === "guid") return `${field} is not a known id.`;
      return `${field} is not in the expected format.`;
    case "invalid_value":
      return `Choose one of the offered options for ${field.toLowerCase()}.`;
    case "not_multiple_of":
      return `${field} must be a multiple of ${issue.divisor}.`;
    case "unrecognized_keys":
      return `Unexpected fields: ${issue.keys.join(", ")}.`;
    default:
      return `${field} is not valid.`;
  }
};
