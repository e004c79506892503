"use server";
import { revalidatePath } from "next/cache";
import { formAction } from "@/lib/actions/form-action";
import { erasePerson } from "@/lib/privacy/erase-person";
import { personQuery } from "@/lib/validation/person-query";

/** Erase every session of one person (admins): pictures and personal data, one transaction, a receipt. */
export const erasePersonAction = formAction({ permission: "privacy.manage", schema: personQuery }, async (input, { actor }) => {
  const r = await erasePerson(input, actor);
  revalidatePath("/privacy");
  return {
    message: `Receipt: ${r.totals.sessions} session(s) matched by ${r.matchedBy} erased at ${r.at} by ${r.by}; ${r.totals.media} picture(s) deleted; personal data, vendorData and endUserId cleared. Sessions: ${r.sessions.map((s) => s.id).join(", ")}.`,
  };
});
