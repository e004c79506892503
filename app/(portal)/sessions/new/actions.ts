"use server";
import { formAction } from "@/lib/actions/form-action";
import { createVerificationFromPortal } from "@/lib/sessions/create-from-portal";
import { addVerificationInput } from "@/lib/validation/add-verification";

export const addVerificationAction = formAction(
  { permission: "sessions.create", schema: addVerificationInput },
  async (input, { user, values }) => ({ message: "Verification created.", result: await createVerificationFromPortal(input, user.id), values }),
);
