import { z } from "zod";
import { uuidSchema } from "./uuid.ts";

/** "Send by e-mail" on the session page. */
export const sendSessionEmailInput = z.object({
  sessionId: uuidSchema("Unknown session."),
  to: z.string().trim().pipe(z.email("Enter the person's e-mail address, e.g. name@example.com.")),
});
export type SendSessionEmailInput = z.output<typeof sendSessionEmailInput>;
