import { ZodError } from "zod";
import { DomainError } from "../errors.ts";

/** The hosted flow's one mapper: a JSON answer with a message the page can show, never a stack. */
export function flowError(e: unknown): Response {
  if (e instanceof DomainError) return Response.json({ error: e.message, code: e.code }, { status: e.httpStatus, headers: e.headers });
  if (e instanceof ZodError) return Response.json({ error: e.issues[0]?.message ?? "Invalid input.", code: "invalid" }, { status: 400 });
  console.error("[flow]", e);
  return Response.json({ error: "Something went wrong on our side. Please try again.", code: "internal" }, { status: 500 });
}
