import { z } from "zod";
import { decisionChoices } from "../sessions/codes.ts";

// Messages read after the field's name: "--decision must be one of …" on the command line.
/** A decision on a submitted (or in-review) session: the back office, the test panel and the CLI. */
export const decisionInput = z.object({
  decision: z.enum(decisionChoices, { message: `must be one of ${decisionChoices.join(", ")}.` }),
  reasonCode: z.coerce.number({ message: "must be a number, e.g. 102." }).int("must be a whole number, e.g. 102.").nullish(),
});
export type DecisionInput = z.output<typeof decisionInput>;

/**
 * The decide panel's fields as decisionInput's: the reason comes from the select that belongs to
 * the decision (declineReason, resubmitReason), or from a one-click button's "decision:reason" in
 * `quick`; empty fields are unset.
 */
export function decisionFromForm(values: Record<string, string>) {
  const v = Object.fromEntries(Object.entries(values).filter(([, x]) => x !== ""));
  const [decision, quickReason] = v.quick ? v.quick.split(":") : [v.decision];
  const reason = quickReason ?? (decision === "declined" ? v.declineReason : decision === "resubmission_requested" ? v.resubmitReason : undefined);
  return { ...v, decision, reasonCode: reason ?? null };
}

/** A reviewer's free text: a note on a decision or a comment on a session (sent in the decision webhook's `comments`). */
export const reviewerText = z
  .string()
  .trim()
  .max(2000, "Keep it under 2,000 characters.")
  .transform((s) => s || null);

/** The back office's decision: decisionInput plus the reviewer's optional note. */
export const portalDecisionInput = decisionInput.extend({ note: reviewerText.nullish() });

export const sessionCommentInput = z.object({ body: reviewerText.refine((s) => s !== null, "Write the comment first.") });

/** A saved view of All verifications: a name and the list's query string. */
export const savedViewInput = z.object({
  name: z.string().trim().min(1, "Give the view a name.").max(60, "Keep the name under 60 characters."),
  search: z.string().max(2000),
});
