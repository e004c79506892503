"use server";
import { revalidatePath } from "next/cache";
import { actorFor, requirePermission } from "@/lib/auth/current-user";
import { failure, formValues, type FormState } from "@/lib/actions/form-state";
import { resendDelivery } from "@/lib/webhooks/resend";

export async function resendAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  try {
    const actor = await actorFor(await requirePermission("webhooks.resend"));
    await resendDelivery(values.deliveryId ?? "", actor);
    revalidatePath(`/webhooks/${values.deliveryId}`);
    revalidatePath("/webhooks");
    return { ok: true, message: "Queued: the deliverer sends it again now." };
  } catch (e) {
    return failure(e, values);
  }
}
