import type { ParseArgsConfig } from "node:util";
import { createUser } from "../users/create-user.ts";
import { createIntegration } from "../integrations/create-integration.ts";
import { cliActor } from "../audit/record.ts";
import { prisma } from "../db/index.ts";
import { DomainError } from "../errors.ts";
import { decideSession, decisionChoices, type DecisionChoice } from "../sessions/decide-session.ts";
import { expireSessions } from "../sessions/expire-sessions.ts";
import { createSessionFor } from "../veriff/create-session-for.ts";
import { reconcileOnce } from "../veriff/reconcile.ts";
import { runIntegrationUpdate, updateFlags } from "./integration-update.ts";
import { parseCreateSession } from "../validation/session.ts";
import { seedSessions } from "../sessions/seed-sessions.ts";

export interface Command {
  words: string[];
  usage: string;
  summary: string;
  options?: ParseArgsConfig["options"];
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

const str = (v: string | boolean | undefined) => (typeof v === "string" ? v : undefined);
const help = { help: { type: "boolean" as const, short: "h" } };

export const commands: Command[] = [
  {
    words: ["user", "create"],
    usage: "user create --email E --name N --role admin|operator|reviewer [--password P]",
    summary: "Create a back-office user; prints a generated password when none is given.",
    options: { ...help, email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, password: { type: "string" }, json: { type: "boolean" } },
    async run(v) {
      const { user, password, generated } = await createUser(
        { email: str(v.email) ?? "", name: str(v.name) ?? "", role: str(v.role) as "admin", password: str(v.password) },
        cliActor,
      );
      if (v.json) console.log(JSON.stringify({ ...user, ...(generated ? { password } : {}) }));
      else {
        console.log(`Created ${user.role} ${user.email} (${user.id}).`);
        if (generated) console.log(`Password: ${password}`);
      }
      return 0;
    },
  },
  {
    words: ["integration", "create"],
    usage:
      "integration create --name N [--environment test|live] [--plan enterprise|self-serve] [--callback URL] [--decision-webhook URL] [--event-webhook URL] [--review] [--rate-cap N] [--provider checkpoint|veriff --veriff-base-url URL --veriff-api-key KEY --veriff-shared-secret SECRET] [--json]",
    summary: "Create an integration with its first API key; prints the API key and shared secret once.",
    options: {
      ...help,
      name: { type: "string" },
      environment: { type: "string" },
      plan: { type: "string" },
      callback: { type: "string" },
      "decision-webhook": { type: "string" },
      "event-webhook": { type: "string" },
      review: { type: "boolean" },
      "rate-cap": { type: "string" },
      provider: { type: "string" },
      "veriff-base-url": { type: "string" },
      "veriff-api-key": { type: "string" },
      "veriff-shared-secret": { type: "string" },
      json: { type: "boolean" },
    },
    async run(v) {
      const created = await createIntegration(
        {
          name: str(v.name) ?? "",
          environment: (str(v.environment) ?? "test") as "test",
          plan: (str(v.plan) ?? "self-serve") as "self-serve",
          callbackUrl: str(v.callback),
          decisionWebhookUrl: str(v["decision-webhook"]),
          eventWebhookUrl: str(v["event-webhook"]),
          reviewEnabled: Boolean(v.review),
          rateCap: str(v["rate-cap"]) as unknown as number,
          provider: str(v.provider) as "veriff" | undefined,
          veriffBaseUrl: str(v["veriff-base-url"]),
          veriffApiKey: str(v["veriff-api-key"]),
          veriffSharedSecret: str(v["veriff-shared-secret"]),
        },
        cliActor,
      );
      if (v.json) console.log(JSON.stringify(created));
      else {
        console.log(`Created ${created.environment} integration "${created.name}" (${created.id}).`);
        if (created.veriffWebhookUrl) console.log(`Veriff-backed: set Veriff's decision and event webhook URLs to ${created.veriffWebhookUrl}`);
        console.log(`API key:       ${created.apiKey}`);
        console.log(`Shared secret: ${created.sharedSecret}   (shown once: store it now)`);
      }
      return 0;
    },
  },
  {
    words: ["integration", "list"],
    usage: "integration list [--json]",
    summary: "List integrations with their active API keys.",
    options: { ...help, json: { type: "boolean" } },
    async run(v) {
      const rows = await prisma().integration.findMany({
        orderBy: { createdAt: "asc" },
        select: { id: true, name: true, environment: true, plan: true, active: true, provider: true, apiKeys: { where: { revokedAt: null }, select: { id: true, label: true } } },
      });
      const out = rows.map((r) => ({ ...r, plan: r.plan === "self_serve" ? "self-serve" : r.plan, apiKeys: r.apiKeys.map((k) => ({ apiKey: k.id, label: k.label })) }));
      if (v.json) console.log(JSON.stringify(out));
      else for (const r of out) console.log(`${r.id}  ${r.environment.padEnd(4)}  ${r.active ? "active  " : "inactive"}  ${r.provider.padEnd(10)}  ${r.name}  keys: ${r.apiKeys.map((k) => k.apiKey).join(", ") || "none"}`);
      return 0;
    },
  },
  {
    words: ["integration", "update"],
    usage: `integration update ID ${Object.keys(updateFlags).map((f) => `[--${f} ${f === "active" || f === "review" ? "true|false" : "V"}]`).join(" ")} [--json]`,
    summary: "Change an integration's settings (audited as the portal's changes); flags left out keep their value.",
    options: { ...help, json: { type: "boolean" }, ...Object.fromEntries(Object.keys(updateFlags).map((f) => [f, { type: "string" as const }])) },
    async run(v, positionals) {
      const { json, help: _help, ...flags } = v;
      void _help;
      const r = await runIntegrationUpdate(positionals[0], flags);
      if (json) console.log(JSON.stringify(r));
      else {
        console.log(r.changed ? `Updated integration "${r.name}" (${r.id}).` : `Nothing changed on "${r.name}" (${r.id}).`);
        if (r.veriffWebhookUrl) console.log(`Veriff webhook URL: ${r.veriffWebhookUrl}`);
      }
      return 0;
    },
  },
  {
    words: ["sessions", "create"],
    usage: "sessions create --integration ID [--callback URL] [--lang xx] [--vendor-data S] [--first-name N] [--last-name N] [--json]",
    summary: "Create a verification session (as POST /v1/sessions would) and print its URL.",
    options: {
      ...help,
      integration: { type: "string" },
      callback: { type: "string" },
      lang: { type: "string" },
      "vendor-data": { type: "string" },
      "first-name": { type: "string" },
      "last-name": { type: "string" },
      json: { type: "boolean" },
    },
    async run(v) {
      const id = str(v.integration);
      const integration = id && /^[0-9a-f-]{36}$/i.test(id) ? await prisma().integration.findUnique({ where: { id }, select: { id: true, plan: true, rateCap: true, provider: true } }) : null;
      if (!integration) throw new DomainError("usage", "--integration must be the id of an existing integration (see `integration list`).");
      const person = str(v["first-name"]) || str(v["last-name"]) ? { firstName: str(v["first-name"]), lastName: str(v["last-name"]) } : undefined;
      const data = parseCreateSession({ verification: { callback: str(v.callback), lang: str(v.lang), vendorData: str(v["vendor-data"]), person } });
      const s = await createSessionFor(integration, data, { source: "portal", actorLabel: "cli", actorType: "cli" });
      if (v.json) console.log(JSON.stringify(s));
      else console.log(`Created session ${s.id}: ${s.url}`);
      return 0;
    },
  },
  {
    words: ["sessions", "decide"],
    usage: "sessions decide <session-id> --decision approved|declined|resubmission_requested|review [--reason-code N] [--json]",
    summary: "Decide a submitted (or in-review) session; declines and resubmission requests need a reason code.",
    options: { ...help, decision: { type: "string" }, "reason-code": { type: "string" }, json: { type: "boolean" } },
    async run(v, positionals) {
      const sessionId = positionals[0];
      if (!sessionId || !/^[0-9a-f-]{36}$/i.test(sessionId)) throw new DomainError("usage", "Give the session id (a UUID) as the first argument.");
      const decision = str(v.decision);
      if (!decision || !(decisionChoices as readonly string[]).includes(decision)) {
        throw new DomainError("usage", `--decision must be one of ${decisionChoices.join(", ")}.`);
      }
      const raw = str(v["reason-code"]);
      const reasonCode = raw === undefined ? null : Number(raw);
      if (reasonCode !== null && !Number.isInteger(reasonCode)) throw new DomainError("usage", "--reason-code must be a number, e.g. 102.");
      const r = await decideSession({ sessionId, decision: decision as DecisionChoice, reasonCode, actor: { type: "cli", label: "cli" } });
      if (v.json) console.log(JSON.stringify(r));
      else console.log(`Session ${r.sessionId}: ${r.from} → ${r.to} (code ${r.code}${r.reasonCode ? `, reason ${r.reasonCode}` : ""}).`);
      return 0;
    },
  },
  {
    words: ["sessions", "expire"],
    usage: "sessions expire [--json]",
    summary: "Run the expiry sweeper once: sessions older than 7 days end as expired or abandoned.",
    options: { ...help, json: { type: "boolean" } },
    async run(v) {
      const c = await expireSessions();
      if (v.json) console.log(JSON.stringify(c));
      else console.log(`Expired ${c.expired} session(s), abandoned ${c.abandoned}.`);
      return 0;
    },
  },
  {
    words: ["sessions", "sync"],
    usage: "sessions sync [--integration ID] [--json]",
    summary: "Ask Veriff once about every Veriff-backed session without a final decision (decision, attempts, pictures, person).",
    options: { ...help, integration: { type: "string" }, json: { type: "boolean" } },
    async run(v) {
      const integrationId = str(v.integration);
      if (integrationId !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(integrationId)) {
        throw new DomainError("usage", "--integration must be an integration id (a UUID).");
      }
      const c = await reconcileOnce({ integrationId });
      if (v.json) console.log(JSON.stringify(c));
      else {
        console.log(`Checked ${c.checked} session(s) at Veriff: ${c.decided} with a decision, ${c.media} picture(s) fetched, ${c.failed} failed.`);
        for (const e of c.errors) console.log(`  ${e}`);
      }
      return c.failed > 0 ? 1 : 0;
    },
  },
  {
    words: ["seed", "sessions"],
    usage: "seed sessions <n> [--integration ID]",
    summary: "Insert n realistic sessions spread over the last year (load for the list; `npm run seed:sessions -- 1000000`).",
    options: { ...help, integration: { type: "string" } },
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
    words: ["migrate"],
    usage: "migrate",
    summary: "Apply pending database migrations (the server also does this at start).",
    options: help,
    async run() {
      return 0;
    },
  },
];
