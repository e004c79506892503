import { z } from "zod";
import { uuidSchema } from "./uuid.ts";

const optionalText = z.string().trim().optional().transform((s) => s || undefined);

/**
 * The "Add Verification" form: what the portal itself requires (an integration, both names), and
 * the body it sends to POST /v1/sessions, which the API's own schema (createSessionBody) then
 * checks in the API client. The form's fields are named as the body's leaves (person.firstName →
 * firstName), so an API failure names its form field by the last part of its path.
 */
export const addVerificationInput = z
  .object({
    integrationId: uuidSchema("Choose an integration."),
    firstName: z.string().trim().min(1, "User first name is required.").max(255),
    lastName: z.string().trim().min(1, "User last name is required.").max(255),
    vendorData: optionalText,
    endUserId: optionalText,
    callback: optionalText,
    lang: optionalText,
  })
  .transform(({ integrationId, firstName, lastName, vendorData, endUserId, callback, lang }) => ({
    integrationId,
    person: `${firstName} ${lastName}`,
    body: {
      verification: {
        person: { firstName, lastName },
        ...(vendorData !== undefined && { vendorData }),
        ...(endUserId !== undefined && { endUserId }),
        ...(callback !== undefined && { callback }),
        ...(lang !== undefined && { lang }),
      },
    },
  }));
export type AddVerificationInput = z.output<typeof addVerificationInput>;

/** The form field an API failure concerns (its path's last part: person.firstName → firstName). */
export const formFieldOf = (apiField: string) => apiField.split(".").at(-1) ?? apiField;
