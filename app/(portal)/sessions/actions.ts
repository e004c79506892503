"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { actorFor, requirePermission } from "@/lib/auth/current-user";
import { failure, formValues, type FormState } from "@/lib/actions/form-state";
import { decideAsUser, deleteSessionAsUser } from "@/lib/sessions/portal-actions";
import { resendDelivery } from "@/lib/webhooks/resend";
import { decisionChoices } from "@/lib/sessions/decide-session";

const uuid = z.string().uuid("Unknown session.");
const decideInput = z.object({
  sessionId: uuid,
  decision: z.enum(decisionChoices, { message: "Choose a decision." }),
  declineReason: z.coerce.number().int().optional(),
  resubmitReason: z.coerce.number().int().optional(),
});

/** Decide (or, on a test integration, force) a submitted or in-review session. Reviewers and admins. */
export async function decideAction(_prev: FormState, form: FormData): Promise<FormState<{ status: string }>> {
  const values = formValues(form);
  try {
    const user = await requirePermission("sessions.decide");
    const raw = Object.fromEntries([...form.entries()].filter(([k, v]) => typeof v === "string" && v !== "" && !k.startsWith("$")));
    // One-click buttons send "decision:reason" in "quick".
    if (typeof raw.quick === "string") {
      const [decision, reason] = raw.quick.split(":");
      Object.assign(raw, { decision, declineReason: reason, resubmitReason: reason });
    }
    const input = decideInput.parse(raw);
    const reasonCode = input.decision === "declined" ? input.declineReason : input.decision === "resubmission_requested" ? input.resubmitReason : null;
    const r = await decideAsUser({ sessionId: input.sessionId, decision: input.decision, reasonCode, actor: await actorFor(user) });
    revalidatePath(`/sessions/${input.sessionId}`);
    return { ok: true, message: `Decision saved: ${r.to.replace("_", " ")}${r.reasonCode ? ` (${r.reasonCode})` : ""}.`, result: { status: r.to } };
  } catch (e) {
    return failure(e, values);
  }
}

/** Put a webhook delivery back in the outbox. Admins. */
export async function resendDeliveryAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  try {
    const user = await requirePermission("webhooks.resend");
    const id = z.string().uuid().parse(form.get("deliveryId"));
    await resendDelivery(id, await actorFor(user));
    const sessionId = String(form.get("sessionId") ?? "");
    if (sessionId) revalidatePath(`/sessions/${sessionId}`);
    return { ok: true, message: "Queued for delivery now." };
  } catch (e) {
    return failure(e, values);
  }
}

/** Delete a session with everything it holds. Admins. */
export async function deleteSessionAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  try {
    const user = await requirePermission("sessions.delete");
    const id = uuid.parse(form.get("sessionId"));
    await deleteSessionAsUser(id, await actorFor(user));
  } catch (e) {
    return failure(e, values);
  }
  redirect("/sessions?deleted=1");
}
