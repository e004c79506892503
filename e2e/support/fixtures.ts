// Creates the e2e data in the running server's embedded database (found through its lock
// file, as the CLI does): `node --import tsx e2e/support/fixtures.ts` prints the ids as JSON.
import zlib from "node:zlib";
import { boot } from "../../lib/boot.ts";
import { closeDb, pool, withTransaction } from "../../lib/db/index.ts";
import { createIntegration } from "../../lib/integrations/create-integration.ts";
import { createSession } from "../../lib/sessions/create-session.ts";
import { transitionSession } from "../../lib/sessions/transition.ts";
import { storeMedia } from "../../lib/media/store-media.ts";
import { parseCreateSession } from "../../lib/validation/session.ts";
import { seedSessions } from "../../lib/sessions/seed-sessions.ts";
import { cliActor } from "../../lib/audit/record.ts";

function crc32(buf: Buffer) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** A w×h PNG in one colour with a darker band, so a thumbnail visibly differs per picture. */
function png(w: number, h: number, [r, g, b]: number[]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const dark = y > h * 0.4 && y < h * 0.6 ? 0.5 : 1;
      raw.set([r * dark, g * dark, b * dark], y * (w * 3 + 1) + 1 + x * 3);
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

const booted = await boot({ firstRun: false });
try {
  const live = await createIntegration({ name: "Live shop", environment: "live", plan: "enterprise", reviewEnabled: true, decisionWebhookUrl: "https://hooks.example.invalid/decision" }, cliActor);
  const sandbox = await createIntegration({ name: "Sandbox", environment: "test", plan: "enterprise" }, cliActor);
  const bulk = await createIntegration({ name: "Bulk", environment: "test", plan: "enterprise" }, cliActor);
  const paused = await createIntegration({ name: "Paused shop", environment: "live", plan: "enterprise" }, cliActor);
  await pool().query(`UPDATE integrations SET active = false WHERE id = $1`, [paused.id]);
  const actor = { type: "end_user" as const };
  const make = async (integrationId: string, firstName: string, lastName: string, vendorData: string, steps: string[], pictures = 0) => {
    const s = await createSession({ id: integrationId, plan: "enterprise", rateCap: null }, parseCreateSession({ verification: { vendorData, person: { firstName, lastName }, lang: "en" } }), { source: "api" });
    await withTransaction(async (c) => {
      const colours = [[40, 90, 200], [200, 120, 40], [40, 160, 90]];
      const contexts = ["document-front", "document-back", "face"];
      for (let i = 0; i < pictures; i++) await storeMedia(c, { sessionId: s.id, context: contexts[i], bytes: png(320, 200, colours[i]) });
      for (const to of steps) {
        const [status, reason] = to.split(":");
        await transitionSession(c, { sessionId: s.id, to: status as "started", reasonCode: reason ? Number(reason) : null, actor: status.startsWith("s") ? actor : { type: "cli", label: "cli" } });
      }
    });
    return s.id;
  };
  const ids = {
    live: live.id,
    sandbox: sandbox.id,
    bulk: bulk.id,
    paused: paused.id,
    queue1: await make(live.id, "Quinn", "Queue", "case-q1", ["started", "submitted"], 3),
    queue2: await make(live.id, "Rosa", "Review", "case-q2", ["started", "submitted"], 2),
    forbidden: await make(live.id, "Fran", "Forbidden", "case-f1", ["started", "submitted"], 1),
    lena: await make(live.id, "Lena", "Live", "case-l1", ["started", "submitted"], 2),
    tess: await make(sandbox.id, "Tess", "Test", "case-t1", []),
    toby: await make(sandbox.id, "Toby", "Test", "case-t2", ["submitted"]),
    dora: await make(live.id, "Dora", "Delete", "case-d1", ["started", "submitted", "declined:105"], 1),
  };
  // The queue is oldest first: Lena is decided on her page before the reviewer opens the queue.
  await pool().query(`UPDATE verification_sessions SET created_at = created_at - interval '1 hour' WHERE id = $1`, [ids.lena]);
  await seedSessions(75, { integrationIds: [bulk.id] });
  console.log(JSON.stringify(ids));
} finally {
  await closeDb();
  await booted.target.close();
}
