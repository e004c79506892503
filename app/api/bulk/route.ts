import { guardedRoute } from "@/lib/auth/route-guard";
import { bulkUploadInput } from "@/lib/validation/bulk-upload";
import { createBatch } from "@/lib/bulk/create-batch";
import { getBatch } from "@/lib/bulk/get-batch";
import { uploadedForm } from "@/lib/bulk/uploaded-form";

export const dynamic = "force-dynamic";

/** A CSV upload: checked and stored as a draft batch; answers with its preview. Nothing is created yet. */
export const POST = guardedRoute("sessions.create", async (req, _ctx, actor) => {
  const input = bulkUploadInput.parse(await uploadedForm(req));
  const { batchId } = await createBatch({ integrationId: input.integrationId, fileName: input.file.name, text: await input.file.text(), sendEmail: input.sendEmail }, actor);
  return Response.json(await getBatch(batchId), { status: 201 });
});
