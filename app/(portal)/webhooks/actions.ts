"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/lib/actions/form-action";
import { resendDelivery } from "@/lib/webhooks/resend";
import { uuidSchema } from "@/lib/validation/uuid";

export const resendAction = formAction({ permission: "webhooks.resend", schema: z.object({ deliveryId: uuidSchema("This delivery does not exist.") }) }, async ({ deliveryId }, { actor }) => {
  await resendDelivery(deliveryId, actor);
  revalidatePath(`/webhooks/${deliveryId}`);
  revalidatePath("/webhooks");
  return { message: "Queued: the deliverer sends it again now." };
});
