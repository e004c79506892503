import { requireOpenAttempt, uploadFlowPicture } from "@/lib/flow/flow-session";
import { flowError } from "@/lib/flow/respond";
import { DomainError } from "@/lib/errors";
import { MAX_IMAGE_BYTES } from "@/lib/media/store-media";
import { readLimitedForm } from "@/lib/http/read-limited-body";
import { flowUploadInput } from "@/lib/validation/flow";

export const dynamic = "force-dynamic";

// The largest picture plus room for the multipart envelope and the context field.
const UPLOAD_LIMIT = MAX_IMAGE_BYTES + 64 * 1024;

// multipart/form-data: context + file. The token in the path is the credential: it and the
// session's state are checked before a byte of the body is read.
export async function POST(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  try {
    const attempt = await requireOpenAttempt(token);
    const form = await readLimitedForm(req, UPLOAD_LIMIT);
    const { context } = flowUploadInput.parse({ context: form.get("context") });
    const file = form.get("file");
    if (!(file instanceof Blob) || file.size === 0) throw new DomainError("media_missing", "Choose a picture to upload.");
    const stored = await uploadFlowPicture(attempt, context, Buffer.from(await file.arrayBuffer()));
    return Response.json({ id: stored.id, context: stored.context, mimetype: stored.mimetype, size: stored.size }, { status: 201 });
  } catch (e) {
    return flowError(e);
  }
}
