"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/actions/form-action";
import { decideAsUser, deleteSessionAsUser } from "@/lib/sessions/portal-actions";
import { resendDelivery } from "@/lib/webhooks/resend";
import { decisionFromForm, decisionInput } from "@/lib/validation/decision";
import { uuidSchema } from "@/lib/validation/uuid";
import { sendSessionEmailInput } from "@/lib/validation/send-email";
import { sendSessionEmail } from "@/lib/email/send-session-email";

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
export const deleteSessionAction = formAction({ permission: "sessions.delete", schema: z.object({ sessionId }) }, async (input, { actor }) => {
  await deleteSessionAsUser(input.sessionId, actor);
  redirect("/sessions?deleted=1");
});

/** "Send by e-mail": the session's link through the e-mail outbox. Whoever may create sessions. */
export const sendSessionEmailAction = formAction({ permission: "sessions.create", schema: sendSessionEmailInput }, async (input, { actor, values }) => {
  await sendSessionEmail(input, actor);
  revalidatePath(`/sessions/${input.sessionId}`);
  return { message: `Queued: the link goes to ${input.to}.`, values };
});
