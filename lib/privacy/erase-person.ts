import { withTransaction } from "../db/index.ts";
import type { Actor } from "../audit/record.ts";
import { DomainError } from "../errors.ts";
import { personQuery, type PersonQueryInput } from "../validation/person-query.ts";
import { findPersonSessions, queryKind } from "./find-person-sessions.ts";
import { redactSessions, type RedactionReceipt } from "./redact-sessions.ts";

/**
 * A data-subject erasure (or one session's redaction from its page): finds every session of the
 * person and removes their pictures, personal data, vendorData and endUserId in one
 * transaction. The receipt says what was removed, when and by whom.
 */
export async function erasePerson(input: PersonQueryInput, actor: Actor, opts: { now?: Date; reason?: "erasure" | "manual" } = {}): Promise<RedactionReceipt & { matchedBy: string }> {
  const q = personQuery.parse(input);
  const at = opts.now ?? new Date();
  return withTransaction(async (c) => {
    const found = await findPersonSessions(q, c);
    if (found.length === 0) throw new DomainError("not_found", q.sessionId ? "No such session." : `No session has this ${queryKind(q)}.`, { field: q.sessionId ? "sessionId" : queryKind(q) });
    const receipt = await redactSessions(c, found.map((s) => s.id), { media: true, data: true, references: true }, opts.reason ?? "erasure", actor, at);
    return { ...receipt, matchedBy: queryKind(q) };
  });
}
