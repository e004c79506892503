"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { createFirstAdmin } from "@/lib/setup/create-first-admin";
import { failure, formValues, type FormState } from "@/lib/actions/form-state";

export async function setupAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  const ip = (await headers()).get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
  try {
    await createFirstAdmin(
      { email: values.email ?? "", name: values.name ?? "", password: String(form.get("password") ?? ""), confirm: String(form.get("confirm") ?? "") },
      ip,
    );
  } catch (e) {
    return failure(e, values);
  }
  redirect("/sign-in?setup=done");
}
