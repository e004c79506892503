"use server";
import { redirect } from "next/navigation";
import { formAction } from "@/lib/actions/form-action";
import { setPasswordWithToken } from "@/lib/users/set-password";
import { setPasswordInput } from "@/lib/validation/user";

export const setPasswordAction = formAction({ permission: "public", schema: setPasswordInput }, async (input, { ip }) => {
  await setPasswordWithToken(input, ip);
  redirect("/sign-in?password=set");
});
