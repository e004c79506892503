"use server";
import { formAction } from "@/lib/actions/form-action";
import { erasePerson } from "@/lib/privacy/erase-person";
import { personQuery } from "@/lib/validation/person-query";

/** Erase every session of one person (admins): pictures and personal data, one transaction, a receipt. */
export const erasePersonAction = formAction({ permission: "privacy.manage", schema: personQuery }, async (input, { actor }) => {
  const r = await erasePerson(input, actor);
  // No revalidation: the screen swaps the sessions it found for the receipt (components/privacy/person-erase.tsx).
  return { message: `Erased ${r.totals.sessions} session(s).`, result: r };
});
