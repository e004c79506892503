"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/actions/form-action";
import { assignSession, commentOnSession, decideAsUser, deleteSessionAsUser, undoDecisionAsUser, UNDO_WINDOW_MS } from "@/lib/sessions/portal-actions";
import { resendDelivery } from "@/lib/webhooks/resend";
import { decisionFromForm, portalDecisionInput, savedViewInput, sessionCommentInput } from "@/lib/validation/decision";
import { deleteSavedView, saveView } from "@/lib/sessions/saved-views";
import { erasePerson } from "@/lib/privacy/erase-person";
import { uuidSchema } from "@/lib/validation/uuid";
import { sendSessionEmailInput } from "@/lib/validation/send-email";
import { sendSessionEmail } from "@/lib/email/send-session-email";

const sessionId = uuidSchema("Unknown session.");

/** Decide (or, on a test integration, force) a submitted or in-review session. Reviewers and admins. */
export const decideAction = formAction(
  { permission: "sessions.decide", schema: portalDecisionInput.extend({ sessionId }), input: decisionFromForm },
  async (input, { actor, user }) => {
    const r = await decideAsUser({ ...input, actor: { ...actor, id: user.id, name: user.name } });
    revalidatePath(`/sessions/${input.sessionId}`);
    return {
      message: `Decision saved: ${r.to.replace("_", " ")}${r.reasonCode ? ` (${r.reasonCode})` : ""}.`,
      result: { status: r.to, sessionId: r.sessionId, undoUntil: Date.now() + UNDO_WINDOW_MS },
    };
  },
);

/** Takes back the reviewer's own decision within the undo window (its webhook was held and is cancelled). */
export const undoDecisionAction = formAction({ permission: "sessions.decide", schema: z.object({ sessionId }) }, async (input, { actor, user }) => {
  const r = await undoDecisionAsUser({ sessionId: input.sessionId, actor: { ...actor, id: user.id, name: user.name } });
  revalidatePath(`/sessions/${input.sessionId}`);
  return { message: `Undone: the session is ${r.status.replace("_", " ")} again and no webhook was sent.` };
});

/** A reviewer's comment on a session. */
export const commentAction = formAction({ permission: "sessions.decide", schema: sessionCommentInput.extend({ sessionId }) }, async (input, { actor, user }) => {
  await commentOnSession({ sessionId: input.sessionId, body: input.body!, actor: { ...actor, id: user.id, name: user.name } });
  revalidatePath(`/sessions/${input.sessionId}`);
  return { message: "Comment added." };
});

/** Claim a session (assign it to me) or unassign it. */
export const assignAction = formAction(
  { permission: "sessions.decide", schema: z.object({ sessionId, assign: z.enum(["me", "nobody"]) }) },
  async (input, { actor, user }) => {
    const r = await assignSession({ sessionId: input.sessionId, assign: input.assign === "me", actor: { ...actor, id: user.id, name: user.name }, isAdmin: user.role === "admin" });
    revalidatePath(`/sessions/${input.sessionId}`);
    return { message: r.assignedTo ? "Assigned to you: other reviewers see that you are on it." : "Unassigned." };
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

/** Saves the list's current filter as a named view for the signed-in user. */
export const saveViewAction = formAction({ permission: "sessions.read", schema: savedViewInput }, async (input, { user }) => {
  const v = await saveView(user.id, input);
  revalidatePath("/sessions");
  return { message: `Saved "${v.name}".` };
});

/** Deletes one of the user's saved views. */
export const deleteViewAction = formAction({ permission: "sessions.read", schema: z.object({ viewId: uuidSchema("That saved view does not exist any more.") }) }, async (input, { user }) => {
  await deleteSavedView(user.id, input.viewId);
  revalidatePath("/sessions");
  return { message: "View deleted." };
});

/** "Send by e-mail": the session's link through the e-mail outbox. Whoever may create sessions. */
export const sendSessionEmailAction = formAction({ permission: "sessions.create", schema: sendSessionEmailInput }, async (input, { actor, values }) => {
  await sendSessionEmail(input, actor);
  revalidatePath(`/sessions/${input.sessionId}`);
  return { message: `Queued: the link goes to ${input.to}.`, values };
});
