// The review-desk spec's data, in the running server's embedded database:
// `node --import tsx e2e/support/desk-fixtures.ts <decision webhook URL>` prints the ids as JSON.
import { boot } from "../../lib/boot.ts";
import { closeDb, withTransaction } from "../../lib/db/index.ts";
import { createIntegration } from "../../lib/integrations/create-integration.ts";
import { createSession } from "../../lib/sessions/create-session.ts";
import { transitionSession } from "../../lib/sessions/transition.ts";
import { storeMedia } from "../../lib/media/store-media.ts";
import { parseCreateSession } from "../../lib/validation/session.ts";
import { cliActor } from "../../lib/audit/record.ts";

// 8x8 PNG (the media store sniffs the type from the bytes).
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAFklEQVR4nGNkYPjPQAxgIkoVwyglCAAv+gEDFZ2sXQAAAABJRU5ErkJggg==", "base64");

const booted = await boot({ firstRun: false });
try {
  const stamp = Date.now().toString(36);
  const live = await createIntegration({ name: `Desk shop ${stamp}`, environment: "live", plan: "enterprise", decisionWebhookUrl: process.argv[2] }, cliActor);
  const sandbox = await createIntegration({ name: `Desk sandbox ${stamp}`, environment: "test", plan: "enterprise" }, cliActor);
  const make = async (integrationId: string, verification: Record<string, unknown>, contexts: string[] | null) => {
    const s = await createSession({ id: integrationId, plan: "enterprise", rateCap: null }, parseCreateSession({ verification }), { source: "api" });
    if (contexts) await withTransaction(async (c) => {
      await transitionSession(c, { sessionId: s.id, to: "started", actor: { type: "end_user", label: "hosted flow" } });
      for (const context of contexts!) await storeMedia(c, { sessionId: s.id, context, bytes: png });
      await transitionSession(c, { sessionId: s.id, to: "submitted", actor: { type: "end_user", label: "hosted flow" } });
    });
    return s.id;
  };
  const ids = {
    live: live.id,
    emilie: await make(
      live.id,
      {
        vendorData: `desk-e-${stamp}`,
        person: { firstName: "Émilie", lastName: "Durand-Léger", dateOfBirth: "1990-04-02" },
        document: { number: "FR123456", type: "PASSPORT", country: "FR" },
        address: { fullAddress: "1 Rue de Rivoli, Paris" },
      },
      ["document-front", "document-front", "face"],
    ),
    jose: await make(live.id, { vendorData: `desk-j-${stamp}`, person: { firstName: "José", lastName: `Ramírez${stamp}` } }, ["document-front", "face"]),
    tina: await make(sandbox.id, { vendorData: `desk-t-${stamp}`, person: { firstName: "Tina", lastName: "Sandbox" } }, ["face"]),
    olga: await make(live.id, { vendorData: `desk-o-${stamp}`, person: { firstName: "Olga", lastName: `Open${stamp}` } }, null),
    stamp,
  };
  console.log(JSON.stringify(ids));
} finally {
  await closeDb();
  await booted.target.close();
}
