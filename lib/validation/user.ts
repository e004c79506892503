import { z } from "zod";

export const roles = ["admin", "operator", "reviewer"] as const;
export type Role = (typeof roles)[number];

export const password = z.string().min(12, "Password must be at least 12 characters.").max(200);

export const createUserInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address.")),
  name: z.string().trim().min(1, "Name is required.").max(100),
  role: z.enum(roles, { message: "Role must be admin, operator or reviewer." }),
  password: password.optional(),
});
export type CreateUserInput = z.input<typeof createUserInput>;
