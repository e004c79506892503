"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { setPasswordWithToken } from "@/lib/users/set-password";
import { failure, formValues, type FormState } from "@/lib/actions/form-state";

export async function setPasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  const ip = (await headers()).get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
  try {
    await setPasswordWithToken({ token: values.token ?? "", password: String(form.get("password") ?? ""), confirm: String(form.get("confirm") ?? "") }, ip);
  } catch (e) {
    return failure(e, values);
  }
  redirect("/sign-in?password=set");
}
