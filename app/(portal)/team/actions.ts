"use server";
import { revalidatePath } from "next/cache";
import { formAction } from "@/lib/actions/form-action";
import { addUser } from "@/lib/users/add-user";
import { changeRole, resetPassword, setDisabled } from "@/lib/users/manage-user";
import { addUserInput, changeRoleInput, resetPasswordInput, setDisabledInput } from "@/lib/validation/user";
import type { IssuedCredential } from "@/lib/users/credentials";

export type CredentialResult = { email: string; credential: IssuedCredential };

export const addUserAction = formAction({ permission: "team.manage", schema: addUserInput }, async (input, { actor }) => {
  const r = await addUser(input, actor);
  revalidatePath("/team");
  return { message: `${r.user.name} was added as ${r.user.role}.`, result: { email: r.user.email, credential: r.credential } };
});

export const changeRoleAction = formAction({ permission: "team.manage", schema: changeRoleInput }, async (input, { actor }) => {
  const r = await changeRole(input, actor);
  revalidatePath("/team");
  return { message: r.changed ? "Role changed." : "Role unchanged." };
});

export const setDisabledAction = formAction({ permission: "team.manage", schema: setDisabledInput }, async (input, { actor }) => {
  await setDisabled(input, actor);
  revalidatePath("/team");
  return { message: input.disabled ? "Account disabled." : "Account enabled." };
});

export const resetPasswordAction = formAction({ permission: "team.manage", schema: resetPasswordInput }, async (input, { actor }) => {
  const r = await resetPassword(input, actor);
  revalidatePath("/team");
  return { message: "Password reset.", result: r };
});
