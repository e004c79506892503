import { uploadFlowPicture } from "@/lib/flow/flow-session";
import { flowError } from "@/lib/flow/respond";
import { DomainError } from "@/lib/errors";
import { MAX_IMAGE_BYTES } from "@/lib/media/store-media";
import { flowUploadInput } from "@/lib/validation/flow";

export const dynamic = "force-dynamic";

// multipart/form-data: context + file. The token in the path is the credential.
export async function POST(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  try {
    const length = Number(req.headers.get("content-length") ?? 0);
    if (length > MAX_IMAGE_BYTES + 64 * 1024) throw new DomainError("media_too_large", "The file is larger than 24 MB.");
    const form = await req.formData();
    const { context } = flowUploadInput.parse({ context: form.get("context") });
    const file = form.get("file");
    if (!(file instanceof Blob) || file.size === 0) throw new DomainError("media_missing", "Choose a picture to upload.");
    const stored = await uploadFlowPicture(token, context, Buffer.from(await file.arrayBuffer()));
    return Response.json({ id: stored.id, context: stored.context, mimetype: stored.mimetype, size: stored.size }, { status: 201 });
  } catch (e) {
    return flowError(e);
  }
}
