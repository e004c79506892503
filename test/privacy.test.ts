import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, query, setEnv, type TestDatabase } from "./support/db.ts";
import { closeDb, withTransaction } from "../lib/db/index.ts";
import { createIntegration } from "../lib/integrations/create-integration.ts";
import { updateIntegration } from "../lib/integrations/update-integration.ts";
import { createSession } from "../lib/sessions/create-session.ts";
import { transitionSession } from "../lib/sessions/transition.ts";
import { parseCreateSession } from "../lib/validation/session.ts";
import { storeMedia } from "../lib/media/store-media.ts";
import { encryptLegacyMedia, openMedia, readMediaBytes, rewrapMediaKeys, SEGMENT } from "../lib/media/media-store.ts";
import { runRetention } from "../lib/privacy/run-retention.ts";
import { erasePerson } from "../lib/privacy/erase-person.ts";
import { exportPerson } from "../lib/privacy/export-person.ts";
import { cliActor } from "../lib/audit/record.ts";
import { isDomainError } from "../lib/errors.ts";
import { deleteSessionAsUser } from "../lib/sessions/portal-actions.ts";

const kind = (process.env.TEST_DB_KIND as "server" | "pglite") ?? "server";
const DAY = 86_400_000;

/** A JPEG-looking file whose body is random: any 32-byte window of it is unique to it. */
function picture(size = 200_000): Buffer {
  const b = crypto.randomBytes(size);
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return b;
}

describe(`media at rest, retention, erasure and export on ${kind}`, () => {
  let db: TestDatabase;
  let integration: { id: string; plan: "enterprise"; rateCap: number | null };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const created = await createIntegration({ name: "Privacy", environment: "live", plan: "enterprise", decisionWebhookUrl: "https://hooks.example.com/d" }, cliActor);
    integration = { id: created.id, plan: "enterprise", rateCap: 1000 };
  });
  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  /** A session with a person and pictures, optionally decided. */
  async function session(opts: { vendorData?: string; endUserId?: string; pictures?: Buffer[]; decide?: boolean } = {}) {
    const s = await createSession(
      integration,
      parseCreateSession({ verification: { vendorData: opts.vendorData, endUserId: opts.endUserId, person: { firstName: "Sarah", lastName: "Morgan", idNumber: "38001085718" } } }),
      { source: "api" },
    );
    const ids: string[] = [];
    const contexts = ["document-front", "face", "document-back"];
    for (const [i, bytes] of (opts.pictures ?? []).entries()) ids.push((await withTransaction((c) => storeMedia(c, { sessionId: s.id, context: contexts[i % 3], bytes }))).id);
    if (opts.decide) {
      const actor = { type: "cli" as const, label: "cli" };
      await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "started", actor }));
      await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "submitted", actor }));
      await withTransaction((c) => transitionSession(c, { sessionId: s.id, to: "approved", actor }));
    }
    return { id: s.id, media: ids };
  }

  it("stores pictures encrypted in media_blobs, bound to their id, and reads them back segment by segment", async () => {
    const big = picture(SEGMENT * 2 + 12_345);
    const small = picture(5000);
    const s = await session({ pictures: [big, small] });
    const [row] = await query<{ bytes: Buffer | null; ct: Buffer }>(db.url, `SELECT m.bytes, b.ciphertext AS ct FROM media m JOIN media_blobs b ON b.media_id = m.id WHERE m.id = $1`, [s.media[0]]);
    expect(row.bytes).toBeNull();
    expect(row.ct.includes(big.subarray(1000, 1032))).toBe(false);
    expect(row.ct.length).toBe(big.length + 3 * 16);
    expect((await readMediaBytes(s.media[0]))!.bytes.equals(big)).toBe(true);
    expect((await readMediaBytes(s.media[1]))!.bytes.equals(small)).toBe(true);
    // Another integration's scope does not find it.
    const other = await createIntegration({ name: "Other" }, cliActor);
    expect(await openMedia(s.media[0], { integrationId: other.id })).toBeNull();

    // Bytes moved to another row fail their check instead of showing another person's picture.
    await query(db.url, `UPDATE media_blobs SET ciphertext = (SELECT ciphertext FROM media_blobs WHERE media_id = $1), wrapped_key = (SELECT wrapped_key FROM media_blobs WHERE media_id = $1), nonce_prefix = (SELECT nonce_prefix FROM media_blobs WHERE media_id = $1) WHERE media_id = $2`, [s.media[0], s.media[1]]);
    await expect(readMediaBytes(s.media[1])).rejects.toThrow(/authenticate/);
    // A cut-off file (last segment dropped) fails too.
    await query(db.url, `UPDATE media_blobs SET ciphertext = substring(ciphertext FROM 1 FOR $2) WHERE media_id = $1`, [s.media[0], 2 * (SEGMENT + 16)]);
    await expect(readMediaBytes(s.media[0])).rejects.toThrow(/authenticate/);
  });

  it("moves plaintext media stored before encryption into media_blobs, resumably", async () => {
    const s = await session();
    const [{ current_attempt_id: attemptId }] = await query<{ current_attempt_id: string }>(db.url, `SELECT current_attempt_id FROM verification_sessions WHERE id = $1`, [s.id]);
    const legacy = [picture(3000), picture(4000), picture(5000)];
    const ids: string[] = [];
    for (const b of legacy) {
      const [r] = await query<{ id: string }>(db.url, `INSERT INTO media (session_id, attempt_id, context, mimetype, name, size, bytes) VALUES ($1, $2, 'face', 'image/jpeg', 'face.jpg', $3, $4) RETURNING id`, [s.id, attemptId, b.length, b]);
      ids.push(r.id);
    }
    // Readable before the migration too.
    expect((await readMediaBytes(ids[0]))!.bytes.equals(legacy[0])).toBe(true);
    const progress: [number, number][] = [];
    expect(await encryptLegacyMedia({ batch: 2, onProgress: (d, t) => progress.push([d, t]) })).toBe(3);
    expect(progress).toEqual([[2, 3], [3, 3]]);
    expect(await query(db.url, `SELECT id FROM media WHERE bytes IS NOT NULL`)).toEqual([]);
    for (const [i, id] of ids.entries()) expect((await readMediaBytes(id))!.bytes.equals(legacy[i])).toBe(true);
    expect(await encryptLegacyMedia()).toBe(0);
  });

  it("re-wraps every data key to a new secret in one transaction, without touching the files", async () => {
    const bytes = picture(10_000);
    const s = await session({ pictures: [bytes] });
    const [before] = await query<{ ct: Buffer; k: Buffer }>(db.url, `SELECT ciphertext AS ct, wrapped_key AS k FROM media_blobs WHERE media_id = $1`, [s.media[0]]);
    const oldSecret = process.env.AUTH_SECRET!;
    const newSecret = crypto.randomBytes(32).toString("hex");
    // A wrong old secret rolls the whole transaction back.
    await expect(withTransaction((c) => rewrapMediaKeys(c, newSecret, oldSecret))).rejects.toThrow();
    const n = await withTransaction((c) => rewrapMediaKeys(c, oldSecret, newSecret, 2));
    const [{ count }] = await query<{ count: string }>(db.url, `SELECT count(*) FROM media_blobs`);
    // The first test's tampered row cannot be opened by any secret: reported, not a reason to refuse the rotation.
    expect(n.unreadable).toHaveLength(1);
    expect(n.rewrapped + n.unreadable.length).toBe(Number(count));
    const [after] = await query<{ ct: Buffer; k: Buffer }>(db.url, `SELECT ciphertext AS ct, wrapped_key AS k FROM media_blobs WHERE media_id = $1`, [s.media[0]]);
    expect(after.ct.equals(before.ct)).toBe(true);
    expect(after.k.equals(before.k)).toBe(false);
    await expect(readMediaBytes(s.media[0])).rejects.toThrow();
    setEnv({ AUTH_SECRET: newSecret });
    try {
      expect((await readMediaBytes(s.media[0]))!.bytes.equals(bytes)).toBe(true);
    } finally {
      await withTransaction((c) => rewrapMediaKeys(c, newSecret, oldSecret));
      setEnv({ AUTH_SECRET: oldSecret });
    }
    expect((await readMediaBytes(s.media[0]))!.bytes.equals(bytes)).toBe(true);
  });

  it.runIf(kind === "server")("leaves no uploaded picture readable in a pg_dump of the database", async () => {
    const bytes = picture(300_000);
    await session({ pictures: [bytes] });
    const pgDump = fs.existsSync("/usr/lib/postgresql/15/bin/pg_dump") ? "/usr/lib/postgresql/15/bin/pg_dump" : "pg_dump";
    const dump = execFileSync(pgDump, ["--dbname", db.url, "--format", "plain"], { maxBuffer: 512 * 1024 * 1024 });
    // bytea is dumped as hex: look for the picture in hex, and raw in case of another format.
    const hex = Buffer.from(dump.toString("latin1").replace(/[^0-9a-f]/g, ""), "latin1");
    for (const at of [0, 100_000, 299_000]) {
      const window = bytes.subarray(at, at + 32);
      expect(dump.includes(window)).toBe(false);
      expect(hex.includes(Buffer.from(window.toString("hex"), "latin1"))).toBe(false);
    }
    expect(dump.toString("latin1")).toContain("COPY public.media_blobs");
  });

  it("retention (injected clock) deletes pictures, then personal data, keeping status and decision", async () => {
    const kept = await createIntegration({ name: "Keep forever", environment: "live", plan: "enterprise" }, cliActor);
    const s = await session({ vendorData: "ret-1", pictures: [picture(), picture()], decide: true });
    const open = await session({ vendorData: "ret-2", pictures: [picture()] });
    await updateIntegration({ id: integration.id, name: "Privacy", decisionWebhookUrl: "https://hooks.example.com/d", reviewEnabled: false, active: true, mediaRetentionDays: 30, dataRetentionDays: "90" }, cliActor);
    const now = Date.now();
    expect(await runRetention({ now: new Date(now + 29 * DAY) })).toEqual({ mediaSessions: 0, mediaFiles: 0, dataSessions: 0 });
    const at31 = new Date(now + 31 * DAY);
    const first = await runRetention({ now: at31 });
    expect(first.mediaSessions).toBeGreaterThanOrEqual(1);
    expect(first.dataSessions).toBe(0);
    expect(await openMedia(s.media[0])).toBeNull();
    const [media] = await query<{ n: number; blobs: number; removed: Date }>(db.url, `SELECT count(*)::int AS n, count(b.media_id)::int AS blobs, min(m.removed_at) AS removed FROM media m LEFT JOIN media_blobs b ON b.media_id = m.id WHERE m.session_id = $1`, [s.id]);
    expect(media).toMatchObject({ n: 2, blobs: 0 });
    expect(new Date(media.removed).getTime()).toBe(at31.getTime());
    // The session that never reached a final state keeps its picture.
    expect(await openMedia(open.media[0])).not.toBeNull();
    expect((await runRetention({ now: at31 })).mediaSessions).toBe(0);

    await runRetention({ now: new Date(now + 91 * DAY) });
    const [row] = await query(db.url, `SELECT status, decision_code, vendor_data, person, person_name, media_redacted_at IS NOT NULL AS m, data_redacted_at IS NOT NULL AS d FROM verification_sessions WHERE id = $1`, [s.id]);
    expect(row).toEqual({ status: "approved", decision_code: 9001, vendor_data: "ret-1", person: null, person_name: null, m: true, d: true });
    const hooks = await query<{ body: string }>(db.url, `SELECT body FROM webhook_deliveries WHERE session_id = $1`, [s.id]);
    expect(hooks.length).toBeGreaterThan(0);
    expect(hooks.every((h) => !h.body.includes("Morgan"))).toBe(true);
    const receipts = await query<{ reason: string; removed: { media: number; fields: string[] }; actor_label: string }>(db.url, `SELECT reason, removed, actor_label FROM session_redactions WHERE session_id = $1 ORDER BY id`, [s.id]);
    expect(receipts.map((r) => [r.reason, r.removed.media, r.actor_label])).toEqual([["retention", 2, "system"], ["retention", 0, "system"]]);
    expect(receipts[1].removed.fields).toContain("person");
    const audits = await query<{ action: string }>(db.url, `SELECT action FROM audit_logs WHERE action = 'sessions.redact.retention'`);
    expect(audits.length).toBeGreaterThanOrEqual(2);
    // An integration without retention keeps everything.
    const keptSession = await createSession({ id: kept.id, plan: "enterprise", rateCap: 1000 }, parseCreateSession({ verification: { person: { firstName: "Kim" } } }), { source: "api" });
    await runRetention({ now: new Date(now + 5000 * DAY) });
    const [k] = await query(db.url, `SELECT person_name FROM verification_sessions WHERE id = $1`, [keptSession.id]);
    expect(k.person_name).toBe("kim");
  });

  it("erases every session of one person by vendorData in one transaction, with a receipt", async () => {
    const a = await session({ vendorData: "erase-me", pictures: [picture()], decide: true });
    const b = await session({ vendorData: "erase-me", pictures: [picture(), picture()] });
    const bystander = await session({ vendorData: "someone-else", pictures: [picture()] });
    const r = await erasePerson({ vendorData: "erase-me" }, { label: "admin@example.com" });
    expect(r).toMatchObject({ reason: "erasure", by: "admin@example.com", matchedBy: "vendorData", totals: { sessions: 2, media: 3 } });
    expect(r.sessions.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    const rows = await query(db.url, `SELECT status, vendor_data, end_user_id, person FROM verification_sessions WHERE id = ANY($1::uuid[]) ORDER BY created_at`, [[a.id, b.id]]);
    expect(rows).toEqual([
      { status: "approved", vendor_data: null, end_user_id: null, person: null },
      { status: "created", vendor_data: null, end_user_id: null, person: null },
    ]);
    expect(await openMedia(b.media[1])).toBeNull();
    expect(await openMedia(bystander.media[0])).not.toBeNull();
    const [audit] = await query<{ actor_label: string; after: { sessions: string[] } }>(db.url, `SELECT actor_label, after FROM audit_logs WHERE action = 'sessions.redact.erasure' ORDER BY id DESC LIMIT 1`);
    expect(audit.actor_label).toBe("admin@example.com");
    expect(audit.after.sessions.sort()).toEqual([a.id, b.id].sort());
    expect(JSON.stringify(audit)).not.toContain("erase-me");
    // Nothing left to find: a second request says so.
    await expect(erasePerson({ vendorData: "erase-me" }, cliActor)).rejects.toSatisfy((e) => isDomainError(e) && e.code === "not_found");
    await expect(erasePerson({ vendorData: "x", endUserId: crypto.randomUUID() } as never, cliActor)).rejects.toThrow(/exactly one/);
  });

  it("a deleted session leaves no person in the webhook log it outlives", async () => {
    const s = await session({ vendorData: "to-delete", pictures: [picture()], decide: true });
    await deleteSessionAsUser(s.id, cliActor);
    const hooks = await query<{ kind: string; body: string; session_id: string | null }>(db.url, `SELECT kind, body, session_id FROM webhook_deliveries WHERE body LIKE '%' || $1 || '%' OR (kind = 'decision' AND session_id IS NULL)`, [s.id]);
    const decision = hooks.filter((h) => h.kind === "decision");
    expect(decision.length).toBeGreaterThan(0);
    expect(decision.every((h) => h.body === '{"redacted":true}' && h.session_id === null)).toBe(true);
    expect(await query(db.url, `SELECT 1 FROM media_blobs WHERE media_id = $1`, [s.media[0]])).toEqual([]);
  });

  it("exports every session of one person by endUserId as JSON plus the decrypted pictures", async () => {
    const endUserId = crypto.randomUUID();
    const p1 = picture(50_000);
    const p2 = picture(60_000);
    const a = await session({ endUserId, pictures: [p1], decide: true });
    await session({ endUserId, pictures: [p2] });
    const e = await exportPerson({ endUserId }, { label: "admin@example.com" });
    expect(e).toMatchObject({ sessions: 2, media: 2 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cp-export-"));
    const file = path.join(dir, "person.zip");
    await e.write(fs.createWriteStream(file));
    const json = JSON.parse(execFileSync("unzip", ["-p", file, "person.json"]).toString("utf8"));
    expect(json.sessions.map((s: { id: string }) => s.id)).toContain(a.id);
    expect(json.sessions[0].person).toMatchObject({ firstName: "Sarah", lastName: "Morgan" });
    expect(json.sessions[0].decisions[0]).toMatchObject({ code: 9001 });
    const first = json.sessions.find((s: { id: string }) => s.id === a.id).media[0].file as string;
    expect(execFileSync("unzip", ["-p", file, first]).equals(p1)).toBe(true);
    const listing = execFileSync("unzip", ["-Z1", file]).toString("utf8").trim().split("\n");
    expect(listing).toHaveLength(3);
    const [audit] = await query<{ after: { media: number } }>(db.url, `SELECT after FROM audit_logs WHERE action = 'sessions.export_person' ORDER BY id DESC LIMIT 1`);
    expect(audit.after.media).toBe(2);
    fs.rmSync(dir, { recursive: true });
  });
});
