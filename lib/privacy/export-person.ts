import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { zipInto } from "../zip/stored-zip.ts";
import { prisma, withTransaction } from "../db/index.ts";
import { recordAudit, type Actor } from "../audit/record.ts";
import { DomainError } from "../errors.ts";
import { readMediaBytes } from "../media/media-store.ts";
import { personQuery, type PersonQueryInput } from "../validation/person-query.ts";
import { findPersonSessions, queryKind } from "./find-person-sessions.ts";

const safe = (s: string) => s.replace(/[^\w.-]/g, "_");
const toJson = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x), 2);

/**
 * A data-subject export: every session of one person with its data, attempts, decisions, events
 * and pictures (decrypted), as person.json plus media/<session>/<file>. Finds and audits first
 * (a person with no session is refused before any byte is sent); write(out) then streams the
 * zip, reading the pictures one at a time.
 */
export async function exportPerson(input: PersonQueryInput, actor: Actor, opts: { now?: Date } = {}): Promise<{ sessions: number; media: number; write(out: Writable): Promise<void> }> {
  const q = personQuery.parse(input);
  const found = await findPersonSessions(q);
  if (found.length === 0) throw new DomainError("not_found", q.sessionId ? "No such session." : `No session has this ${queryKind(q)}.`, { field: q.sessionId ? "sessionId" : queryKind(q) });
  const sessions = await prisma().verificationSession.findMany({
    where: { id: { in: found.map((s) => s.id) } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true, status: true, vendorData: true, endUserId: true, lang: true, person: true, document: true, address: true, consents: true, providerData: true,
      decisionCode: true, reasonCode: true, createdAt: true, startedAt: true, submittedAt: true, decidedAt: true, mediaRedactedAt: true, dataRedactedAt: true,
      integration: { select: { id: true, name: true } },
      attempts: { orderBy: { number: "asc" }, select: { id: true, number: true, status: true, createdAt: true, submittedAt: true, verifiedData: true } },
      decisions: { orderBy: { createdAt: "asc" }, select: { attemptId: true, status: true, code: true, reasonCode: true, reason: true, decidedBy: true, createdAt: true } },
      events: { orderBy: { createdAt: "asc" }, select: { fromStatus: true, toStatus: true, code: true, actorType: true, createdAt: true } },
      media: { orderBy: { createdAt: "asc" }, select: { id: true, attemptId: true, context: true, mimetype: true, name: true, size: true, createdAt: true, removedAt: true } },
      redactions: { orderBy: { createdAt: "asc" }, select: { reason: true, removed: true, actorLabel: true, createdAt: true } },
    },
  });
  const at = opts.now ?? new Date();
  const mediaCount = sessions.reduce((n, s) => n + s.media.filter((m) => !m.removedAt).length, 0);
  await withTransaction((c) =>
    recordAudit(c, actor, "sessions.export_person", { type: "sessions" }, { after: { matchedBy: queryKind(q), sessions: sessions.map((s) => s.id), media: mediaCount, at: at.toISOString() } }),
  );

  const write = async (out: Writable) => {
    const { zip, drained } = zipInto(out);
    const doc = {
      exportedAt: at.toISOString(),
      exportedBy: actor.label,
      matchedBy: queryKind(q),
      sessions: sessions.map((s) => ({
        ...s,
        media: s.media.map((m) => ({ ...m, file: m.removedAt ? null : `media/${s.id}/${safe(m.id)}-${safe(m.name)}` })),
      })),
    };
    zip.add("person.json", Buffer.from(toJson(doc) + "\n"), at);
    for (const s of sessions) {
      for (const m of s.media) {
        if (m.removedAt) continue;
        const file = await readMediaBytes(m.id, { sessionId: s.id });
        if (!file) continue;
        zip.add(`media/${s.id}/${safe(m.id)}-${safe(m.name)}`, file.bytes, m.createdAt);
        await drained();
      }
    }
    zip.end();
    await finished(out);
  };
  return { sessions: sessions.length, media: mediaCount, write };
}
