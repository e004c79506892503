"use server";
import { requirePermission } from "@/lib/auth/current-user";
import { failure, formValues, type FormState } from "@/lib/actions/form-state";
import { createVerificationFromPortal, FormRefusal, type PortalCreated } from "@/lib/sessions/create-from-portal";

export async function addVerificationAction(_prev: FormState<PortalCreated>, form: FormData): Promise<FormState<PortalCreated>> {
  const values = formValues(form);
  try {
    const user = await requirePermission("sessions.create");
    const created = await createVerificationFromPortal(values, user.id);
    return { ok: true, message: "Verification created.", result: created, values };
  } catch (e) {
    if (e instanceof FormRefusal) return { ok: false, message: e.message, fieldErrors: e.fieldErrors, values };
    return failure(e, values);
  }
}
