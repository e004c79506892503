import { DomainError } from "../errors.ts";
import { BULK_MAX_BYTES } from "../validation/bulk-upload.ts";

/**
 * The upload's multipart form as a plain object for its schema, refused before it is read when the
 * request is larger than the file cap allows (the form's other fields are a few bytes).
 */
export async function uploadedForm(req: Request): Promise<Record<string, FormDataEntryValue>> {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > BULK_MAX_BYTES + 64 * 1024) {
    throw new DomainError("too_large", `The file is larger than ${BULK_MAX_BYTES / 1024 / 1024} MB.`, { field: "file", httpStatus: 413 });
  }
  const form = await req.formData().catch(() => {
    throw new DomainError("invalid_input", "Send the file as a multipart form (field \"file\").", { field: "file", httpStatus: 400 });
  });
  return Object.fromEntries(form.entries());
}
