import { ZodError } from "zod";
import { DomainError } from "../errors.ts";

/** What a server action hands back to its form: a message, per-field errors, and what was typed. */
export interface FormState<T = unknown> {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  result?: T;
}

export const initialFormState: FormState = { ok: false };

export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$") && !/password/i.test(k)) out[k] = v;
  return out;
}

/** Maps any failure to a FormState without losing the user's input. */
export function failure(e: unknown, values: Record<string, string>): FormState<never> {
  if (e instanceof ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of e.issues) {
      const key = issue.path.join(".") || "form";
      fieldErrors[key] ??= issue.message;
    }
    return { ok: false, message: "Please correct the highlighted fields.", fieldErrors, values };
  }
  if (e instanceof DomainError) {
    return { ok: false, message: e.message, fieldErrors: e.field ? { [e.field]: e.message } : undefined, values };
  }
  if (e instanceof Error && e.name === "ForbiddenError") return { ok: false, message: e.message, values };
  console.error("[action]", e);
  return { ok: false, message: "Something went wrong on our side; nothing was saved. Try again.", values };
}
