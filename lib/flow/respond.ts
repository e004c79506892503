import { ZodError } from "zod";
import { DomainError } from "../errors.ts";

const statusFor: Record<string, number> = {
  invalid_token: 404,
  session_not_found: 404,
  media_after_submit: 409,
  status_changed: 409,
  illegal_transition: 409,
  not_test: 403,
  media_too_large: 413,
};

/** The hosted flow's JSON error answer: a message the page can show, never a stack. */
export function flowError(e: unknown): Response {
  if (e instanceof DomainError) return Response.json({ error: e.message, code: e.code }, { status: statusFor[e.code] ?? 400 });
  if (e instanceof ZodError) return Response.json({ error: e.issues[0]?.message ?? "Invalid input.", code: "invalid" }, { status: 400 });
  console.error("[flow]", e);
  return Response.json({ error: "Something went wrong on our side. Please try again.", code: "internal" }, { status: 500 });
}
