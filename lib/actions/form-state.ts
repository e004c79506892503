import { ZodError } from "zod";
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
