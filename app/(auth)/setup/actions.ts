"use server";
import { redirect } from "next/navigation";
import { formAction } from "@/lib/actions/form-action";
import { createFirstAdmin, firstAdminInput } from "@/lib/setup/create-first-admin";

export const setupAction = formAction({ permission: "public", schema: firstAdminInput }, async (input, { ip }) => {
  await createFirstAdmin(input, ip);
  redirect("/sign-in?setup=done");
});
