"use server";
import { revalidatePath } from "next/cache";
import { actorFor, requirePermission } from "@/lib/auth/current-user";
import { failure, formValues, type FormState } from "@/lib/actions/form-state";
import { addUser } from "@/lib/users/add-user";
import { changeRole, resetPassword, setDisabled } from "@/lib/users/manage-user";
import type { IssuedCredential } from "@/lib/users/credentials";

export type CredentialResult = { email: string; credential: IssuedCredential };

export async function addUserAction(_prev: FormState<CredentialResult>, form: FormData): Promise<FormState<CredentialResult>> {
  const values = formValues(form);
  try {
    const actor = await actorFor(await requirePermission("team.manage"));
    const r = await addUser({ email: values.email ?? "", name: values.name ?? "", role: values.role as "operator", credential: values.credential as "link" }, actor);
    revalidatePath("/team");
    return { ok: true, message: `${r.user.name} was added as ${r.user.role}.`, result: { email: r.user.email, credential: r.credential } };
  } catch (e) {
    return failure(e, values);
  }
}

export async function changeRoleAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  try {
    const actor = await actorFor(await requirePermission("team.manage"));
    const r = await changeRole({ userId: values.userId ?? "", role: values.role ?? "" }, actor);
    revalidatePath("/team");
    return { ok: true, message: r.changed ? "Role changed." : "Role unchanged." };
  } catch (e) {
    return failure(e, values);
  }
}

export async function setDisabledAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  try {
    const actor = await actorFor(await requirePermission("team.manage"));
    const disabled = values.disabled === "true";
    await setDisabled({ userId: values.userId ?? "", disabled }, actor);
    revalidatePath("/team");
    return { ok: true, message: disabled ? "Account disabled." : "Account enabled." };
  } catch (e) {
    return failure(e, values);
  }
}

export async function resetPasswordAction(_prev: FormState<CredentialResult>, form: FormData): Promise<FormState<CredentialResult>> {
  const values = formValues(form);
  try {
    const actor = await actorFor(await requirePermission("team.manage"));
    const r = await resetPassword({ userId: values.userId ?? "", credential: values.credential as "link" }, actor);
    revalidatePath("/team");
    return { ok: true, message: "Password reset.", result: r };
  } catch (e) {
    return failure(e, values);
  }
}
