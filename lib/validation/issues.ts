import type { z } from "zod";
import { ZodError } from "zod";
import { DomainError } from "../errors.ts";

/** Adds an issue that carries Veriff's error code, for the /v1 API (and every caller of its schema). */
export function veriffIssue(ctx: z.RefinementCtx, veriffCode: string, message: string) {
  ctx.addIssue({ code: "custom", message, params: { veriffCode } });
}

export const issueVeriffCode = (issue: z.core.$ZodIssue): string | undefined =>
  issue.code === "custom" && typeof issue.params?.veriffCode === "string" ? issue.params.veriffCode : undefined;

export const issueField = (issue: z.core.$ZodIssue) => issue.path.map(String).join(".");

/** The first issue of a failed parse as the one domain error: its field, and Veriff's code when it has one. */
export function invalidInput(e: ZodError, issue = e.issues[0]): DomainError {
  const field = issueField(issue) || undefined;
  return new DomainError("invalid_input", issue.message, { field, veriffCode: issueVeriffCode(issue), httpStatus: 400 });
}

/** Every field's first message, for forms; an issue of the whole input is "form". */
export function fieldErrorsOf(e: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of e.issues) out[issueField(issue) || "form"] ??= issue.message;
  return out;
}
