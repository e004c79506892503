import { z } from "zod";
import { password } from "./user.ts";

export const changePasswordInput = z
  .object({
    current: z.string().min(1, "Enter your current password."),
    password,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { message: "The passwords do not match.", path: ["confirm"] })
  .refine((v) => v.password !== v.current, { message: "Choose a password different from the current one.", path: ["password"] });
export type ChangePasswordInput = z.input<typeof changePasswordInput>;
