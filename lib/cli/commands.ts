import type { ParseArgsConfig } from "node:util";
import { createUser } from "../users/create-user.ts";
import { createIntegration } from "../integrations/create-integration.ts";
import { cliActor } from "../audit/record.ts";
import { prisma } from "../db/index.ts";
import { DomainError } from "../errors.ts";
import { decideSession, decisionChoices, type DecisionChoice } from "../sessions/decide-session.ts";
import { expireSessions } from "../sessions/expire-sessions.ts";
import { createSession } from "../sessions/create-session.ts";
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

/** "true" / "false" (also yes/no, on/off, 1/0) for flags such as --auto-decide; undefined when not given. */
export function parseBooleanFlag(flag: string, v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const s = v.trim().toLowerCase();
  if (["true", "yes", "on", "1"].includes(s)) return true;
  if (["false", "no", "off", "0"].includes(s)) return false;
  throw new DomainError("invalid_flag", `${flag} must be true or false, got "${v}".`, flag);
}
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
      "integration create --name N [--environment test|live] [--plan enterprise|self-serve] [--callback URL] [--decision-webhook URL] [--event-webhook URL] [--review] [--rate-cap N] [--auto-decide true|false] [--min-age N] [--json]",
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
      "auto-decide": { type: "string" },
      "min-age": { type: "string" },
      json: { type: "boolean" },
    },
    async run(v) {
      const autoDecide = parseBooleanFlag("--auto-decide", str(v["auto-decide"]));
      const minAge = str(v["min-age"]);
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
          autoDecide: autoDecide ?? false,
          ...(minAge !== undefined ? { engineSettings: { minAge } } : {}),
        },
        cliActor,
      );
      if (v.json) console.log(JSON.stringify(created));
      else {
        console.log(`Created ${created.environment} integration "${created.name}" (${created.id}).`);
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
        select: { id: true, name: true, environment: true, plan: true, active: true, apiKeys: { where: { revokedAt: null }, select: { id: true, label: true } } },
      });
      const out = rows.map((r) => ({ ...r, plan: r.plan === "self_serve" ? "self-serve" : r.plan, apiKeys: r.apiKeys.map((k) => ({ apiKey: k.id, label: k.label })) }));
      if (v.json) console.log(JSON.stringify(out));
      else for (const r of out) console.log(`${r.id}  ${r.environment.padEnd(4)}  ${r.active ? "active  " : "inactive"}  ${r.name}  keys: ${r.apiKeys.map((k) => k.apiKey).join(", ") || "none"}`);
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
      const integration = id && /^[0-9a-f-]{36}$/i.test(id) ? await prisma().integration.findUnique({ where: { id }, select: { id: true, plan: true, rateCap: true } }) : null;
      if (!integration) throw new DomainError("usage", "--integration must be the id of an existing integration (see `integration list`).");
      const person = str(v["first-name"]) || str(v["last-name"]) ? { firstName: str(v["first-name"]), lastName: str(v["last-name"]) } : undefined;
      const data = parseCreateSession({ verification: { callback: str(v.callback), lang: str(v.lang), vendorData: str(v["vendor-data"]), person } });
      const s = await createSession(integration, data, { source: "portal", actorLabel: "cli" });
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
    words: ["engine", "run-once"],
    usage: "engine run-once [--limit N] [--json]",
    summary: "Run the verification engine on every due job in this process (models loaded once), then exit.",
    options: { ...help, limit: { type: "string" }, json: { type: "boolean" } },
    async run(v) {
      const limit = str(v.limit) ? Number(str(v.limit)) : undefined;
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
        console.error("checkpoint engine run-once: --limit must be a whole number of at least 1.");
        return 2;
      }
      const { runDueJobs } = await import("../engine/engine-worker.ts");
      const results = await runDueJobs({ limit });
      if (v.json) console.log(JSON.stringify(results));
      else if (results.length === 0) console.log("No engine job is due.");
      else for (const r of results) console.log(`Session ${r.sessionId}: ${r.outcome}${r.rule ? ` (${r.rule}${r.reasonCode ? `, reason ${r.reasonCode}` : ""})` : ""}.`);
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
