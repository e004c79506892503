import { z } from "zod";
import { uuidSchema } from "./uuid.ts";
import { formBoolean } from "./common.ts";
import { limits } from "./limits.ts";
import { isGuessablePassword } from "../auth/password-strength.ts";

export const roles = ["admin", "operator", "reviewer"] as const;
export type Role = (typeof roles)[number];

/** Every password a person chooses (first-run setup, a set-password link, the account page, the CLI): long, and not a common one. */
export const password = z
  .string()
  .min(12, "Password must be at least 12 characters.")
  .max(200, "Password is at most 200 characters.")
  .refine((p) => !isGuessablePassword(p), "This password is too easy to guess (a common password, word or pattern): choose a longer phrase of your own.");

export const createUserInput = z.object({
  email: z.string().trim().toLowerCase().max(limits.email, `E-mail address is at most ${limits.email} characters.`).pipe(z.email("Enter a valid e-mail address.")),
  name: z.string().trim().min(1, "Name is required.").max(limits.name, `Name is at most ${limits.name} characters.`),
  role: z.enum(roles, { message: "Role must be admin, operator or reviewer." }),
  password: password.optional(),
});
export type CreateUserInput = z.input<typeof createUserInput>;

export const credentialModes = ["password", "link"] as const;

/** Adding a user from the back office: a one-time password or a set-password link. */
export const addUserInput = createUserInput.omit({ password: true }).extend({
  credential: z.enum(credentialModes).default("link"),
});
export type AddUserInput = z.input<typeof addUserInput>;

export const userIdInput = z.object({ userId: uuidSchema("Unknown user.") });
export const changeRoleInput = z.object({ userId: uuidSchema("Unknown user."), role: createUserInput.shape.role });
export const setDisabledInput = z.object({ userId: uuidSchema("Unknown user."), disabled: formBoolean });
export const resetPasswordInput = z.object({ userId: uuidSchema("Unknown user."), credential: z.enum(credentialModes).default("link") });

export const setPasswordInput = z
  .object({ token: z.string().min(20).max(200), password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "The passwords do not match.", path: ["confirm"] });
