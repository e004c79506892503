import fs from "node:fs";
import type { ParseArgsConfig } from "node:util";
import { encryptLegacyMedia } from "../media/media-store.ts";
import { erasePerson } from "../privacy/erase-person.ts";
import { exportPerson } from "../privacy/export-person.ts";
import { runRetention } from "../privacy/run-retention.ts";
import { createUser } from "../users/create-user.ts";
import { createIntegration } from "../integrations/create-integration.ts";
import { cliActor } from "../audit/record.ts";
import { prisma, withTransaction } from "../db/index.ts";
import { rebuildRollups } from "../analytics/rollup.ts";
import { DomainError } from "../errors.ts";
import { decideSession } from "../sessions/decide-session.ts";
import { expireSessions } from "../sessions/expire-sessions.ts";
import { loadIntegrationForCreate } from "../sessions/create-session.ts";
import { createSessionFor } from "../veriff/create-session-for.ts";
import { reconcileOnce } from "../veriff/reconcile.ts";
import { runIntegrationUpdate, updateFlags } from "./integration-update.ts";
import { runBulkCreate } from "./bulk-create.ts";
import { parseCreateSession } from "../validation/session.ts";
import { decisionInput } from "../validation/decision.ts";
import { createUserInput } from "../validation/user.ts";
import { createIntegrationInput } from "../validation/integration.ts";
import { planFromDb } from "../integrations/plan.ts";
import { isUuid } from "../validation/uuid.ts";
import { seedSessions } from "../sessions/seed-sessions.ts";
import { rotateAuthSecret } from "../crypto/rotate.ts";
import { replaceGeneratedAuthSecret } from "../config.ts";

export interface Command {
  words: string[];
  usage: string;
  summary: string;
  options?: ParseArgsConfig["options"];
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

const str = (v: string | boolean | undefined) => (typeof v === "string" ? v : undefined);

/** "true" / "false" (also yes/no, on/off, 1/0) for flags such as --auto-decide; undefined when not given. */
export function parseBooleanFlag(flag: string, v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const s = v.trim().toLowerCase();
  if (["true", "yes", "on", "1"].includes(s)) return true;
  if (["false", "no", "off", "0"].includes(s)) return false;
  throw new DomainError("usage", `${flag} must be true or false, got "${v}".`, { field: flag });
}
const help = { help: { type: "boolean" as const, short: "h" } };
const json = { json: { type: "boolean" as const } };
const strings = (...names: string[]) => Object.fromEntries(names.map((n) => [n, { type: "string" as const }]));
const personFlags = strings("vendor-data", "end-user-id", "session");
const personFrom = (v: Record<string, string | boolean | undefined>) => ({ vendorData: str(v["vendor-data"]), endUserId: str(v["end-user-id"]), sessionId: str(v.session) });

/** The command's answer: with --json the data as one JSON line, otherwise lines for people. Exit code 0. */
function print(v: Record<string, unknown>, data: unknown, lines: () => string | string[]): number {
  console.log(v.json ? JSON.stringify(data) : [lines()].flat().join("\n"));
  return 0;
}

/** A command with no arguments that runs one job once and prints what it did (--json: the counts). */
function runOnce<T>(words: [string, string], summary: string, job: () => Promise<T>, says: (r: T) => string): Command {
  return {
    words,
    usage: `${words.join(" ")} [--json]`,
    summary,
    options: { ...help, ...json },
    async run(v) {
      const r = await job();
      return print(v, r, () => says(r));
    },
  };
}

export const commands: Command[] = [
  {
    words: ["user", "create"],
    usage: "user create --email E --name N --role admin|operator|reviewer [--password P]",
    summary: "Create a back-office user; prints a generated password when none is given.",
    options: { ...help, ...strings("email", "name", "role", "password"), ...json },
    async run(v) {
      const input = createUserInput.parse({ email: str(v.email) ?? "", name: str(v.name) ?? "", role: str(v.role), password: str(v.password) });
      const { user, password, generated } = await createUser(input, cliActor);
      return print(v, { ...user, ...(generated ? { password } : {}) }, () => [`Created ${user.role} ${user.email} (${user.id}).`, ...(generated ? [`Password: ${password}`] : [])]);
    },
  },
  {
    words: ["integration", "create"],
    usage:
      "integration create --name N [--environment test|live] [--plan enterprise|self-serve] [--callback URL] [--decision-webhook URL] [--event-webhook URL] [--review] [--rate-cap N] [--auto-decide true|false] [--min-age N] [--provider checkpoint|veriff --veriff-base-url URL --veriff-api-key KEY --veriff-shared-secret SECRET] [--json]",
    summary: "Create an integration with its first API key; prints the API key and shared secret once.",
    options: {
      ...help,
      ...strings("name", "environment", "plan", "callback", "decision-webhook", "event-webhook", "rate-cap", "provider", "veriff-base-url", "veriff-api-key", "veriff-shared-secret", "auto-decide", "min-age"),
      review: { type: "boolean" },
      ...json,
    },
    async run(v) {
      const input = createIntegrationInput.parse({
        name: str(v.name) ?? "",
        environment: str(v.environment),
        plan: str(v.plan),
        callbackUrl: str(v.callback),
        decisionWebhookUrl: str(v["decision-webhook"]),
        eventWebhookUrl: str(v["event-webhook"]),
        reviewEnabled: Boolean(v.review),
        rateCap: str(v["rate-cap"]),
        provider: str(v.provider),
        veriffBaseUrl: str(v["veriff-base-url"]),
        veriffApiKey: str(v["veriff-api-key"]),
        veriffSharedSecret: str(v["veriff-shared-secret"]),
        autoDecide: parseBooleanFlag("--auto-decide", str(v["auto-decide"])),
        ...(str(v["min-age"]) !== undefined ? { engineSettings: { minAge: str(v["min-age"]) } } : {}),
      });
      const created = await createIntegration(input, cliActor);
      return print(v, created, () => [
        `Created ${created.environment} integration "${created.name}" (${created.id}).`,
        ...(created.veriffWebhookUrl ? [`Veriff-backed: set Veriff's decision and event webhook URLs to ${created.veriffWebhookUrl}`] : []),
        `API key:       ${created.apiKey}`,
        `Shared secret: ${created.sharedSecret}   (shown once: store it now)`,
      ]);
    },
  },
  {
    words: ["integration", "list"],
    usage: "integration list [--json]",
    summary: "List integrations with their active API keys.",
    options: { ...help, ...json },
    async run(v) {
      const rows = await prisma().integration.findMany({
        orderBy: { createdAt: "asc" },
        select: { id: true, name: true, environment: true, plan: true, active: true, provider: true, apiKeys: { where: { revokedAt: null }, select: { id: true, label: true } } },
      });
      const out = rows.map((r) => ({ ...r, plan: planFromDb(r.plan), apiKeys: r.apiKeys.map((k) => ({ apiKey: k.id, label: k.label })) }));
      return print(v, out, () =>
        out.map((r) => `${r.id}  ${r.environment.padEnd(4)}  ${r.active ? "active  " : "inactive"}  ${r.provider.padEnd(10)}  ${r.name}  keys: ${r.apiKeys.map((k) => k.apiKey).join(", ") || "none"}`),
      );
    },
  },
  {
    words: ["integration", "update"],
    usage: `integration update ID ${Object.keys(updateFlags).map((f) => `[--${f} ${f === "active" || f === "review" ? "true|false" : "V"}]`).join(" ")} [--json]`,
    summary: "Change an integration's settings (audited as the portal's changes); flags left out keep their value.",
    options: { ...help, ...json, ...strings(...Object.keys(updateFlags)) },
    async run(v, positionals) {
      const { json: _json, help: _help, ...flags } = v;
      void _json;
      void _help;
      const r = await runIntegrationUpdate(positionals[0], flags);
      return print(v, r, () => [
        r.changed ? `Updated integration "${r.name}" (${r.id}).` : `Nothing changed on "${r.name}" (${r.id}).`,
        ...(r.veriffWebhookUrl ? [`Veriff webhook URL: ${r.veriffWebhookUrl}`] : []),
      ]);
    },
  },
  {
    words: ["sessions", "create"],
    usage:
      "sessions create --integration ID [--callback URL] [--lang xx] [--vendor-data S] [--first-name N] [--last-name N] [--json]\n" +
      "   or: npx checkpoint sessions create --csv FILE --integration ID [--no-email] [--json]",
    summary:
      "Create a verification session (through POST /v1/sessions's schema, recorded as source cli) and print its URL. With --csv, one per row " +
      "(firstName,lastName,vendorData,endUserId,email,language) through the running server's API and its rate cap, e-mailing rows with an address when SMTP is set; --json prints one object per created session.",
    options: { ...help, ...strings("integration", "callback", "lang", "vendor-data", "first-name", "last-name", "csv"), "no-email": { type: "boolean" }, ...json },
    async run(v) {
      const id = str(v.integration);
      const integration = isUuid(id) ? await loadIntegrationForCreate(id) : null;
      if (!integration) throw new DomainError("usage", "--integration must be the id of an existing integration (see `integration list`).");
      const csv = str(v.csv);
      if (csv) return runBulkCreate({ file: csv, integrationId: integration.id, json: !!v.json, email: !v["no-email"] });
      const person = str(v["first-name"]) || str(v["last-name"]) ? { firstName: str(v["first-name"]), lastName: str(v["last-name"]) } : undefined;
      const data = parseCreateSession({ verification: { callback: str(v.callback), lang: str(v.lang), vendorData: str(v["vendor-data"]), person } });
      // A Veriff-backed integration's session is made at Veriff.
      const s = await createSessionFor(integration, data, { source: "cli", actorLabel: "cli", actorType: "cli" });
      return print(v, s, () => `Created session ${s.id}: ${s.url}`);
    },
  },
  {
    words: ["sessions", "decide"],
    usage: "sessions decide <session-id> --decision approved|declined|resubmission_requested|review [--reason-code N] [--json]",
    summary: "Decide a submitted (or in-review) session; declines and resubmission requests need a reason code.",
    options: { ...help, ...strings("decision", "reason-code"), ...json },
    async run(v, positionals) {
      const sessionId = positionals[0];
      if (!isUuid(sessionId)) throw new DomainError("usage", "Give the session id (a UUID) as the first argument.");
      const { decision, reasonCode } = decisionInput.parse({ decision: str(v.decision), reasonCode: str(v["reason-code"]) });
      const r = await decideSession({ sessionId, decision, reasonCode, actor: { type: "cli", label: "cli" } });
      return print(v, r, () => `Session ${r.sessionId}: ${r.from} → ${r.to} (code ${r.code}${r.reasonCode ? `, reason ${r.reasonCode}` : ""}).`);
    },
  },
  runOnce(["sessions", "expire"], "Run the expiry sweeper once: sessions older than 7 days end as expired or abandoned.", () => expireSessions(), (c) => `Expired ${c.expired} session(s), abandoned ${c.abandoned}.`),
  {
    words: ["sessions", "redact"],
    usage: "sessions redact --vendor-data V | --end-user-id U | --session ID [--json]",
    summary: "Erase every session of one person: pictures, personal data, vendorData and endUserId, in one transaction; prints the receipt (audited).",
    options: { ...help, ...personFlags, ...json },
    async run(v) {
      const r = await erasePerson(personFrom(v), cliActor, { reason: v.session ? "manual" : "erasure" });
      return print(v, r, () => [
        `Erased ${r.totals.sessions} session(s) matched by ${r.matchedBy} at ${r.at} (by ${r.by}): ${r.totals.media} picture(s) deleted; personal data, vendorData and endUserId cleared.`,
        ...r.sessions.map((s) => `  ${s.id}  ${s.media} picture(s)`),
      ]);
    },
  },
  {
    words: ["sessions", "export-person"],
    usage: "sessions export-person --vendor-data V | --end-user-id U --out FILE.zip [--json]",
    summary: "Export every session of one person (data, decisions, events, decrypted pictures) as JSON plus image files in a zip (audited).",
    options: { ...help, ...personFlags, ...strings("out"), ...json },
    async run(v) {
      const file = str(v.out);
      if (!file) throw new DomainError("usage", "--out FILE.zip is required.", { field: "out" });
      const e = await exportPerson(personFrom(v), cliActor);
      await e.write(fs.createWriteStream(file, { mode: 0o600 }));
      return print(v, { file, sessions: e.sessions, media: e.media }, () => `Wrote ${file}: ${e.sessions} session(s), ${e.media} picture(s).`);
    },
  },
  runOnce(
    ["retention", "run"],
    "Delete pictures and redact personal data of sessions past their integration's retention, once (the background job runs it hourly).",
    () => runRetention(),
    (c) => `Pictures removed from ${c.mediaSessions} session(s) (${c.mediaFiles} file(s)); personal data redacted on ${c.dataSessions}.`,
  ),
  {
    words: ["media", "encrypt"],
    usage: "media encrypt [--batch N] [--json]",
    summary: "Encrypt media stored before encryption at rest, a batch per transaction (resumable: run it again after an interruption).",
    options: { ...help, ...strings("batch"), ...json },
    async run(v) {
      const batch = str(v.batch) === undefined ? 50 : Number(str(v.batch));
      if (!Number.isInteger(batch) || batch < 1) throw new DomainError("usage", "--batch must be a whole number of files, at least 1.", { field: "batch" });
      const done = await encryptLegacyMedia({ batch, onProgress: v.json ? undefined : (n, total) => process.stdout.write(`\r${n} / ${total} file(s) encrypted`) });
      if (!v.json && done) process.stdout.write("\n");
      return print(v, { encrypted: done }, () => (done ? `Encrypted ${done} file(s); no plaintext media is left.` : "No plaintext media: nothing to encrypt."));
    },
  },
  {
    words: ["sessions", "sync"],
    usage: "sessions sync [--integration ID] [--json]",
    summary: "Ask Veriff once about every Veriff-backed session without a final decision (decision, attempts, pictures, person).",
    options: { ...help, ...strings("integration"), ...json },
    async run(v) {
      const integrationId = str(v.integration);
      if (integrationId !== undefined && !isUuid(integrationId)) throw new DomainError("usage", "--integration must be an integration id (a UUID).");
      const c = await reconcileOnce({ integrationId });
      print(v, c, () => [`Checked ${c.checked} session(s) at Veriff: ${c.decided} with a decision, ${c.media} picture(s) fetched, ${c.failed} failed.`, ...c.errors.map((e) => `  ${e}`)]);
      return c.failed > 0 ? 1 : 0;
    },
  },
  {
    words: ["seed", "sessions"],
    usage: "seed sessions <n> [--integration ID]",
    summary: "Insert n realistic sessions spread over the last year (load for the list; `npm run seed:sessions -- 1000000`).",
    options: { ...help, ...strings("integration") },
    async run(v, positionals) {
      const n = Number(positionals[0]);
      if (!Number.isInteger(n) || n < 1 || n > 50_000_000) {
        console.error("checkpoint seed sessions: give the number of sessions, e.g. `seed sessions 1000000`.");
        return 2;
      }
      const started = Date.now();
      const integration = str(v.integration);
      const done = await seedSessions(n, {
        integrationIds: integration ? [integration] : undefined,
        onProgress: (k) => process.stdout.write(`\r${k.toLocaleString("en")} / ${n.toLocaleString("en")} sessions`),
      });
      console.log(`\nSeeded ${done.toLocaleString("en")} sessions in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      return 0;
    },
  },
  {
    words: ["analytics", "rebuild"],
    usage: "analytics rebuild [--json]",
    summary: "Recompute the analytics rollups from the sessions (after an upgrade, or to check them); the portal keeps them current itself.",
    options: { ...help, ...json },
    async run(v) {
      const started = Date.now();
      const r = await withTransaction((c) => rebuildRollups(c));
      const ms = Date.now() - started;
      return print(v, { ...r, ms }, () => `Rebuilt the analytics of ${r.sessions.toLocaleString("en")} session(s), ${r.days.toLocaleString("en")} day row(s), in ${(ms / 1000).toFixed(1)} s.`);
    },
  },
  {
    words: ["engine", "run-once"],
    usage: "engine run-once [--limit N] [--json]",
    summary: "Run the verification engine on every due job in this process (models loaded once), then exit.",
    options: { ...help, ...strings("limit"), ...json },
    async run(v) {
      const limit = str(v.limit) ? Number(str(v.limit)) : undefined;
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new DomainError("usage", "--limit must be a whole number of at least 1.", { field: "--limit" });
      // Loaded here: only this command needs the engine (and, through it, the models).
      const { runDueJobs } = await import("../engine/engine-worker.ts");
      const results = await runDueJobs({ limit });
      return print(v, results, () =>
        results.length === 0 ? "No engine job is due." : results.map((r) => `Session ${r.sessionId}: ${r.outcome}${r.rule ? ` (${r.rule}${r.reasonCode ? `, reason ${r.reasonCode}` : ""})` : ""}.`),
      );
    },
  },
  {
    words: ["secrets", "rotate"],
    usage: "secrets rotate --new-secret S [--json]",
    summary: "Re-encrypt every stored secret under a new AUTH_SECRET in one transaction; then start every server with it.",
    options: { ...help, ...strings("new-secret"), ...json },
    async run(v) {
      const newSecret = str(v["new-secret"]);
      if (!newSecret) throw new DomainError("usage", "--new-secret is required: generate one with `openssl rand -hex 32`.", { field: "--new-secret" });
      const done = await rotateAuthSecret(newSecret, cliActor);
      const file = replaceGeneratedAuthSecret(newSecret);
      const total = done.reduce((n, d) => n + d.count, 0);
      return print(v, { reencrypted: done, total, wroteFile: file }, () => [
        `Re-encrypted ${total} secret(s): ${done.map((d) => `${d.step} ${d.count}`).join("; ")}.`,
        file ? `Wrote the new secret to ${file}; restart the server.` : "Restart every server and CLI with AUTH_SECRET set to the new secret: the old one is now refused.",
      ]);
    },
  },
  {
    words: ["migrate"],
    usage: "migrate",
    summary: "Apply pending database migrations (the server also does this at start).",
    options: help,
    async run() {
      return 0;
    },
  },
];
