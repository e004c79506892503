import { z } from "zod";
import { uuidSchema } from "./uuid.ts";

/**
 * Whose sessions a data-protection request is about: exactly one of vendorData, endUserId or
 * one session's id (the CLI's --vendor-data / --end-user-id / --session, the privacy screen).
 */
export const personQuery = z
  .object({
    vendorData: z.string().trim().max(1000, "vendorData is at most 1000 characters.").optional().transform((v) => v || undefined),
    endUserId: z.string().trim().optional().transform((v) => v || undefined).pipe(uuidSchema("must be a UUID.").optional()),
    sessionId: z.string().trim().optional().transform((v) => v || undefined).pipe(uuidSchema("must be a session id (a UUID).").optional()),
  })
  .refine((q) => [q.vendorData, q.endUserId, q.sessionId].filter((x) => x !== undefined).length === 1, {
    message: "Give exactly one of vendorData, endUserId or a session id.",
    path: ["vendorData"],
  });
export type PersonQuery = z.output<typeof personQuery>;
export type PersonQueryInput = z.input<typeof personQuery>;
