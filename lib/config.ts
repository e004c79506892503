import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import net from "node:net";
import { z } from "zod";

// The one reader of process.env (scripts/, bench/, tests and prisma.config.ts aside): every
// variable is read and validated here once, on first use, and the values are passed from here.
// Nothing is written back, but for NEXTAUTH_URL (publishNextAuthUrl below says why).

/** An error whose message is the one line shown to whoever starts Checkpoint. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StartupError";
  }
}

// An empty variable is an unset one (the e2e runs pass DATABASE_URL="" for the embedded database).
const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const flag = (on: string) => optional.transform((v) => v === on);
const wholeNumber = (name: string, fallback: number, what: string) =>
  optional.transform((raw, ctx) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) {
      ctx.addIssue({ code: "custom", message: `${name} must be ${what}, got "${raw}".` });
      return z.NEVER;
    }
    return n;
  });

/** TRUSTED_PROXIES: a comma-separated list of addresses and CIDR ranges (IPv4 or IPv6). */
export interface TrustedRange {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}
const cidrList = optional.transform((raw, ctx): TrustedRange[] => {
  const out: TrustedRange[] = [];
  for (const item of (raw ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [address, bits] = item.split("/");
    const family = net.isIPv4(address) ? "ipv4" : net.isIPv6(address) ? "ipv6" : null;
    const max = family === "ipv4" ? 32 : 128;
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!family || !(prefix >= 0 && prefix <= max)) {
      ctx.addIssue({ code: "custom", message: `TRUSTED_PROXIES must be addresses or CIDR ranges separated by commas (10.0.0.0/8, ::1), got "${item}".` });
      return z.NEVER;
    }
    out.push({ address, prefix, family });
  }
  return out;
});

const envSchema = z
  .object({
    NODE_ENV: optional,
    PORT: optional.transform((raw, ctx) => {
      const n = Number(raw ?? "3000");
      if (!Number.isInteger(n) || n < 0 || n > 65535) {
        ctx.addIssue({ code: "custom", message: `PORT must be a port number, got "${raw}".` });
        return z.NEVER;
      }
      return n;
    }),
    HOST: optional,
    APP_URL: optional,
    CHECKPOINT_INTERNAL_URL: optional,
    NEXTAUTH_URL: optional,
    DATABASE_URL: optional.superRefine((url, ctx) => {
      if (url === undefined) return;
      let u: URL;
      try {
        u = new URL(url);
      } catch {
        ctx.addIssue({ code: "custom", message: "DATABASE_URL is not a valid URL: expected postgresql://user:password@host:5432/database." });
        return;
      }
      if (u.protocol !== "postgresql:" && u.protocol !== "postgres:") ctx.addIssue({ code: "custom", message: `DATABASE_URL must start with postgresql://, got "${u.protocol}//".` });
    }),
    DATABASE_POOL_SIZE: optional.transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1) {
        ctx.addIssue({ code: "custom", message: `DATABASE_POOL_SIZE must be a number of connections, got "${raw}".` });
        return z.NEVER;
      }
      return n;
    }),
    AUTH_SECRET: optional.refine((s) => s === undefined || s.length >= 32, "AUTH_SECRET must be at least 32 characters: generate one with `openssl rand -hex 32`."),
    CHECKPOINT_DATA_DIR: optional,
    CHECKPOINT_MIGRATIONS_DIR: optional,
    CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS: flag("true"),
    CHECKPOINT_BACKGROUND: optional.transform((v) => v !== "off"),
    CHECKPOINT_EXPIRY_INTERVAL_MS: wholeNumber("CHECKPOINT_EXPIRY_INTERVAL_MS", 60_000, "a whole number of milliseconds"),
    CHECKPOINT_RETENTION_INTERVAL_MS: wholeNumber("CHECKPOINT_RETENTION_INTERVAL_MS", 3_600_000, "a whole number of milliseconds"),
    CHECKPOINT_WEBHOOK_POLL_MS: wholeNumber("CHECKPOINT_WEBHOOK_POLL_MS", 250, "a whole number of milliseconds"),
    CHECKPOINT_WEBHOOK_CONCURRENCY: wholeNumber("CHECKPOINT_WEBHOOK_CONCURRENCY", 16, "a whole number of concurrent attempts"),
    CHECKPOINT_VERIFF_SYNC_POLL_MS: wholeNumber("CHECKPOINT_VERIFF_SYNC_POLL_MS", 5_000, "a whole number of milliseconds"),
    CHECKPOINT_VERIFF_TIMEOUT_MS: wholeNumber("CHECKPOINT_VERIFF_TIMEOUT_MS", 10_000, "a whole number of milliseconds"),
    TRUSTED_PROXIES: cidrList,
    CHECKPOINT_KEEP_ALIVE_TIMEOUT_MS: wholeNumber("CHECKPOINT_KEEP_ALIVE_TIMEOUT_MS", 65_000, "a whole number of milliseconds"),
    CHECKPOINT_HEADERS_TIMEOUT_MS: wholeNumber("CHECKPOINT_HEADERS_TIMEOUT_MS", 0, "a whole number of milliseconds"),
    CHECKPOINT_REQUEST_TIMEOUT_MS: wholeNumber("CHECKPOINT_REQUEST_TIMEOUT_MS", 300_000, "a whole number of milliseconds"),
    SMTP_URL: optional.superRefine((url, ctx) => {
      if (url === undefined) return;
      let u: URL | null = null;
      try {
        u = new URL(url);
      } catch {
        /* reported below */
      }
      if (!u || (u.protocol !== "smtp:" && u.protocol !== "smtps:")) ctx.addIssue({ code: "custom", message: "SMTP_URL must look like smtp://user:pass@host:587 (or smtps:// for TLS from the start)." });
    }),
    MAIL_FROM: optional,
    CHECKPOINT_EMAIL_POLL_MS: wholeNumber("CHECKPOINT_EMAIL_POLL_MS", 1_000, "a whole number of milliseconds"),
    CHECKPOINT_BULK_POLL_MS: wholeNumber("CHECKPOINT_BULK_POLL_MS", 1_000, "a whole number of milliseconds"),
    CHECKPOINT_BULK_LEASE_MS: wholeNumber("CHECKPOINT_BULK_LEASE_MS", 60_000, "a whole number of milliseconds").refine((n) => n >= 20_000, "CHECKPOINT_BULK_LEASE_MS must be at least 20000 (one create may wait 10 s on its idempotency key)."),
    CHECKPOINT_API_ONLY: flag("1"),
    CHECKPOINT_DEBUG: flag("1"),
    CHECKPOINT_ENGINE: optional.refine((v) => v === undefined || v === "on" || v === "off", 'CHECKPOINT_ENGINE must be "on" or "off".'),
    CHECKPOINT_ENGINE_CONCURRENCY: wholeNumber("CHECKPOINT_ENGINE_CONCURRENCY", 1, "a whole number of perception workers").refine((n) => n <= 32, "CHECKPOINT_ENGINE_CONCURRENCY is at most 32."),
    CHECKPOINT_ENGINE_POLL_MS: wholeNumber("CHECKPOINT_ENGINE_POLL_MS", 500, "a whole number of milliseconds"),
    OIDC_ISSUER: optional,
    OIDC_CLIENT_ID: optional,
    OIDC_CLIENT_SECRET: optional,
    OIDC_NAME: optional,
    OIDC_ALLOW_DOMAINS: optional,
    OIDC_DEFAULT_ROLE: optional.refine((v) => v === undefined || ["admin", "operator", "reviewer"].includes(v), "OIDC_DEFAULT_ROLE must be admin, operator or reviewer."),
    CHECKPOINT_ENGINE_LEASE_MS: wholeNumber("CHECKPOINT_ENGINE_LEASE_MS", 120_000, "a whole number of milliseconds").refine((n) => n >= 1000, "CHECKPOINT_ENGINE_LEASE_MS must be at least 1000."),
  })
  .transform((e, ctx) => {
    const rawAppUrl = e.APP_URL ?? `http://localhost:${e.PORT}`;
    let app: URL;
    try {
      app = new URL(rawAppUrl);
    } catch {
      ctx.addIssue({ code: "custom", message: `APP_URL must be an absolute URL such as https://verify.example.com, got "${rawAppUrl}".` });
      return z.NEVER;
    }
    // Headers must be allowed longer than an idle keep-alive connection (else a balancer's reused
    // connection is cut mid-request), and a whole request at least as long as its headers.
    const keepAliveTimeoutMs = e.CHECKPOINT_KEEP_ALIVE_TIMEOUT_MS;
    const headersTimeoutMs = e.CHECKPOINT_HEADERS_TIMEOUT_MS || keepAliveTimeoutMs + 1000;
    const requestTimeoutMs = e.CHECKPOINT_REQUEST_TIMEOUT_MS;
    if (headersTimeoutMs <= keepAliveTimeoutMs) {
      ctx.addIssue({ code: "custom", message: `CHECKPOINT_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must be longer than CHECKPOINT_KEEP_ALIVE_TIMEOUT_MS (${keepAliveTimeoutMs}).` });
      return z.NEVER;
    }
    if (requestTimeoutMs < headersTimeoutMs) {
      ctx.addIssue({ code: "custom", message: `CHECKPOINT_REQUEST_TIMEOUT_MS (${requestTimeoutMs}) must be at least CHECKPOINT_HEADERS_TIMEOUT_MS (${headersTimeoutMs}).` });
      return z.NEVER;
    }
    const oidc = oidcConfig(e, ctx);
    if (oidc === false) return z.NEVER;
    return {
      production: e.NODE_ENV === "production",
      port: e.PORT,
      /** Where the server listens; unset: every address, IPv6 and IPv4. */
      host: e.HOST,
      /** Public base URL used in session links, without a trailing slash. */
      appUrl: app.toString().replace(/\/$/, ""),
      /** The scheme, host and port of APP_URL (the `host` every created session reports). */
      appOrigin: app.origin,
      /** Where the portal reaches its own /v1 API. */
      internalUrl: (e.CHECKPOINT_INTERNAL_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/$/, ""),
      nextAuthUrl: e.NEXTAUTH_URL,
      /** A PostgreSQL server; unset: the embedded database. */
      databaseUrl: e.DATABASE_URL,
      databasePoolSize: e.DATABASE_POOL_SIZE,
      authSecret: e.AUTH_SECRET,
      /** Where the embedded database and generated secrets live (git-ignored). */
      dataDir: path.resolve(/*turbopackIgnore: true*/ e.CHECKPOINT_DATA_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "data")),
      migrationsDir: path.resolve(/*turbopackIgnore: true*/ e.CHECKPOINT_MIGRATIONS_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations")),
      allowPrivateWebhooks: e.CHECKPOINT_ALLOW_PRIVATE_WEBHOOKS,
      /** The webhook worker and the expiry sweeper run in this process. */
      background: e.CHECKPOINT_BACKGROUND,
      expiryIntervalMs: e.CHECKPOINT_EXPIRY_INTERVAL_MS,
      /** How often the retention job deletes pictures and redacts personal data past each integration's retention (default hourly). */
      retentionIntervalMs: e.CHECKPOINT_RETENTION_INTERVAL_MS,
      webhookPollMs: e.CHECKPOINT_WEBHOOK_POLL_MS,
      webhookConcurrency: e.CHECKPOINT_WEBHOOK_CONCURRENCY,
      /** Veriff-backed integrations: the reconcile worker's idle poll, and how long one call to Veriff may take. */
      veriffSyncPollMs: e.CHECKPOINT_VERIFF_SYNC_POLL_MS,
      veriffTimeoutMs: e.CHECKPOINT_VERIFF_TIMEOUT_MS,
      /** The public URL is https: browsers are told to keep to https (HSTS), and mixed content is upgraded. */
      https: app.protocol === "https:",
      /** Reverse proxies whose X-Forwarded-For is believed (lib/auth/client-address.ts); default none. */
      trustedProxies: e.TRUSTED_PROXIES,
      /** The HTTP server's timeouts (server.ts), set for running behind a load balancer. */
      http: { keepAliveTimeoutMs, headersTimeoutMs, requestTimeoutMs },
      /** Outgoing e-mail (session links, reminders); null: e-mail is not configured. */
      smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM ?? `Checkpoint <checkpoint@${app.hostname}>` } : null,
      emailPollMs: e.CHECKPOINT_EMAIL_POLL_MS,
      bulkPollMs: e.CHECKPOINT_BULK_POLL_MS,
      /** How long a bulk batch is one worker's before another process may take it over (a crash). */
      bulkLeaseMs: e.CHECKPOINT_BULK_LEASE_MS,
      /** Serve /v1 alone, without loading Next (API tests, API-only nodes). */
      apiOnly: e.CHECKPOINT_API_ONLY,
      debug: e.CHECKPOINT_DEBUG,
      /** OpenID Connect single sign-on (lib/auth/sso.ts); null when OIDC_ISSUER is unset. */
      oidc,
      engine: {
        /** Engine workers in this process (automated decisions still need an integration with them on). */
        enabled: e.CHECKPOINT_ENGINE !== "off",
        /**
         * Perception worker processes, each with its own models (PaddleOCR + human: about 1 GB peak
         * each measured, docs/performance.md), so about one per core and 1.2 GB of memory.
         */
        concurrency: e.CHECKPOINT_ENGINE_CONCURRENCY,
        pollMs: e.CHECKPOINT_ENGINE_POLL_MS,
        /** How long a claimed job is a worker's before another process may take it over (a crash). */
        leaseMs: e.CHECKPOINT_ENGINE_LEASE_MS,
      },
    };
  });

export type Config = z.infer<typeof envSchema>;

type Role = "admin" | "operator" | "reviewer";
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button's label: "Sign in with <name>". */
  name: string;
  /** E-mail domains whose verified users without an account get one at their first SSO sign-in. */
  allowDomains: string[];
  defaultRole: Role | null;
}

// All three of issuer, client id and secret, or none; a domain rule needs its role said out loud.
function oidcConfig(e: { [K in "OIDC_ISSUER" | "OIDC_CLIENT_ID" | "OIDC_CLIENT_SECRET" | "OIDC_NAME" | "OIDC_ALLOW_DOMAINS" | "OIDC_DEFAULT_ROLE"]?: string }, ctx: z.RefinementCtx): OidcConfig | null | false {
  const required = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;
  const given: string[] = required.filter((k) => e[k] !== undefined);
  if (given.length === 0) return null;
  const fail = (message: string) => (ctx.addIssue({ code: "custom", message }), false as const);
  if (given.length < 3) return fail(`OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: ${required.filter((k) => !given.includes(k)).join(", ")} missing.`);
  let issuer: URL;
  try {
    issuer = new URL(e.OIDC_ISSUER!);
  } catch {
    return fail(`OIDC_ISSUER must be the provider's issuer URL, e.g. https://accounts.example.com, got "${e.OIDC_ISSUER}".`);
  }
  const allowDomains = (e.OIDC_ALLOW_DOMAINS ?? "").split(",").map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean);
  if (allowDomains.length && !e.OIDC_DEFAULT_ROLE) return fail("OIDC_ALLOW_DOMAINS needs OIDC_DEFAULT_ROLE (admin, operator or reviewer): the role of accounts single sign-on creates.");
  return {
    issuer: issuer.toString().replace(/\/$/, ""),
    clientId: e.OIDC_CLIENT_ID!,
    clientSecret: e.OIDC_CLIENT_SECRET!,
    name: e.OIDC_NAME ?? "single sign-on",
    allowDomains,
    defaultRole: (e.OIDC_DEFAULT_ROLE as Role | undefined) ?? null,
  };
}

// On globalThis: the custom server (run by tsx) and Next's bundled server code are two module
// graphs in one process, and they must share one configuration and the secret generated at start.
interface Store {
  config?: Config;
  generatedAuthSecret?: string;
}
const key = Symbol.for("checkpoint.config");
const store = ((globalThis as { [key]?: Store })[key] ??= {});

/** The configuration, read from the environment and validated on first use. Throws a StartupError naming the bad variable. */
export function config(): Config {
  return (store.config ??= parseConfig(process.env));
}

/** Reads the environment again (tests that change a variable between cases). */
export function reloadConfig(): Config {
  store.config = undefined;
  return config();
}

/** Validates an environment into a configuration (config() does it once, for process.env). */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const r = envSchema.safeParse(env);
  if (!r.success) throw new StartupError(r.error.issues[0].message);
  return r.data;
}

export const port = () => config().port;
export const appUrl = () => config().appUrl;
export const appOrigin = () => config().appOrigin;
export const veriffSyncPollMs = () => config().veriffSyncPollMs;
export const veriffTimeoutMs = () => config().veriffTimeoutMs;
/** The engine's settings (CHECKPOINT_ENGINE, CHECKPOINT_ENGINE_CONCURRENCY, CHECKPOINT_ENGINE_POLL_MS, CHECKPOINT_ENGINE_LEASE_MS). */
export const engineConfig = () => config().engine;
export const oidcSettings = () => config().oidc;

/**
 * AUTH_SECRET signs sign-in sessions and session tokens and derives the key that encrypts
 * shared secrets. With the embedded database it is generated once and kept in ./data;
 * with a server database in production it must be given.
 */
export function ensureAuthSecret(opts: { embedded: boolean }): string {
  const c = config();
  if (c.authSecret) return c.authSecret;
  const file = path.join(c.dataDir, "auth-secret");
  if (!opts.embedded && c.production && !fs.existsSync(file)) {
    throw new StartupError("AUTH_SECRET is required with a server database in production: set it to the output of `openssl rand -hex 32`.");
  }
  fs.mkdirSync(c.dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  store.generatedAuthSecret = fs.readFileSync(file, "utf8").trim();
  return store.generatedAuthSecret;
}

export function authSecret(): string {
  const s = config().authSecret ?? store.generatedAuthSecret;
  if (!s) throw new Error("AUTH_SECRET is not set: start Checkpoint through `npm start` or set it.");
  return s;
}

/**
 * next-auth 4 takes its secret from authOptions (lib/auth/options.ts passes authSecret()), but
 * its own base URL only from process.env.NEXTAUTH_URL (next-auth/utils/detect-origin.js: no
 * option exists), and without it every redirect would go to http://localhost:3000. So this is
 * the one value written back to the environment: APP_URL, unless NEXTAUTH_URL is set.
 */
export function publishNextAuthUrl(): void {
  const c = config();
  if (!c.nextAuthUrl) process.env.NEXTAUTH_URL = c.appUrl;
}

/**
 * After `checkpoint secrets rotate`: a generated secret (./data/auth-secret) is replaced by the
 * new one in its file; an AUTH_SECRET given by environment is the operator's to change. Returns
 * the file written, or null.
 */
export function replaceGeneratedAuthSecret(newSecret: string): string | null {
  const c = config();
  if (c.authSecret) return null;
  const file = path.join(c.dataDir, "auth-secret");
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(tmp, newSecret, { mode: 0o600 });
  fs.renameSync(tmp, file);
  store.generatedAuthSecret = newSecret;
  return file;
}
