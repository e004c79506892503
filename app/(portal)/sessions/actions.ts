"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/actions/form-action";
import { decideAsUser, deleteSessionAsUser } from "@/lib/sessions/portal-actions";
import { resendDelivery } from "@/lib/webhooks/resend";
import { erasePerson } from "@/lib/privacy/erase-person";
import { decisionFromForm, decisionInput } from "@/lib/validation/decision";
import { uuidSchema } from "@/lib/validation/uuid";

const sessionId = uuidSchema("Unknown session.");

/** Decide (or, on a test integration, force) a submitted or in-review session. Reviewers and admins. */
export const decideAction = formAction(
  { permission: "sessions.decide", schema: decisionInput.extend({ sessionId }), input: decisionFromForm },
  async (input, { actor }) => {
    const r = await decideAsUser({ ...input, actor });
    revalidatePath(`/sessions/${input.sessionId}`);
    return { message: `Decision saved: ${r.to.replace("_", " ")}${r.reasonCode ? ` (${r.reasonCode})` : ""}.`, result: { status: r.to } };
  },
);

/** Put a webhook delivery back in the outbox. Admins. */
export const resendDeliveryAction = formAction(
  { permission: "webhooks.resend", schema: z.object({ deliveryId: uuidSchema("This delivery does not exist."), sessionId: sessionId.optional() }) },
  async (input, { actor }) => {
    await resendDelivery(input.deliveryId, actor);
    if (input.sessionId) revalidatePath(`/sessions/${input.sessionId}`);
    return { message: "Queued for delivery now." };
  },
);

/** Delete a session with everything it holds. Admins. */
export const redactSessionAction = formAction({ permission: "privacy.manage", schema: z.object({ sessionId }) }, async (input, { actor }) => {
  const r = await erasePerson({ sessionId: input.sessionId }, actor, { reason: "manual" });
  revalidatePath(`/sessions/${input.sessionId}`);
  return { message: `Redacted: ${r.totals.media} picture(s) deleted and the personal data cleared.` };
});

export const deleteSessionAction = formAction({ permission: "sessions.delete", schema: z.object({ sessionId }) }, async (input, { actor }) => {
  await deleteSessionAsUser(input.sessionId, actor);
  redirect("/sessions?deleted=1");
});
