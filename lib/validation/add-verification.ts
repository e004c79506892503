import { z } from "zod";
import { ApiValidationError, parseCreateSession } from "./session.ts";

/** The "Add Verification" form: the portal's own fields, then the API's schema over the body it will send. */
export const addVerificationForm = z.object({
  integrationId: z.string({ message: "Choose an integration." }).uuid("Choose an integration."),
  firstName: z.string().trim().min(1, "User first name is required.").max(255),
  lastName: z.string().trim().min(1, "User last name is required.").max(255),
  vendorData: z.string().trim().optional().transform((s) => s || undefined),
  endUserId: z.string().trim().optional().transform((s) => s || undefined),
  callback: z.string().trim().optional().transform((s) => s || undefined),
  lang: z.string().trim().optional().transform((s) => s || undefined),
});
export type AddVerificationForm = z.output<typeof addVerificationForm>;

/** The API field each form field becomes; API validation errors map back through it. */
const apiFieldToForm: Record<string, string> = {
  "person.firstName": "firstName",
  "person.lastName": "lastName",
  vendorData: "vendorData",
  endUserId: "endUserId",
  callback: "callback",
  lang: "lang",
};

export function toCreateSessionBody(f: AddVerificationForm) {
  return {
    verification: {
      person: { firstName: f.firstName, lastName: f.lastName },
      ...(f.vendorData !== undefined && { vendorData: f.vendorData }),
      ...(f.endUserId !== undefined && { endUserId: f.endUserId }),
      ...(f.callback !== undefined && { callback: f.callback }),
      ...(f.lang !== undefined && { lang: f.lang }),
    },
  };
}

export type AddVerificationCheck =
  | { ok: true; form: AddVerificationForm; body: ReturnType<typeof toCreateSessionBody> }
  | { ok: false; fieldErrors: Record<string, string>; message: string };

/** Validates the form, then the request body with the API's own parseCreateSession (same codes and messages). */
export function checkAddVerification(values: Record<string, unknown>): AddVerificationCheck {
  const parsed = addVerificationForm.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const i of parsed.error.issues) fieldErrors[String(i.path[0] ?? "form")] ??= i.message;
    return { ok: false, fieldErrors, message: "Please correct the highlighted fields." };
  }
  const body = toCreateSessionBody(parsed.data);
  try {
    parseCreateSession(body);
  } catch (e) {
    if (e instanceof ApiValidationError) {
      const field = apiFieldToForm[e.field ?? ""] ?? "form";
      return { ok: false, fieldErrors: { [field]: e.message }, message: `The API would refuse this (${e.code}): ${e.message}` };
    }
    throw e;
  }
  return { ok: true, form: parsed.data, body };
}
