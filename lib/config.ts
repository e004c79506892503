import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
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
    CHECKPOINT_WEBHOOK_POLL_MS: wholeNumber("CHECKPOINT_WEBHOOK_POLL_MS", 250, "a whole number of milliseconds"),
    CHECKPOINT_WEBHOOK_CONCURRENCY: wholeNumber("CHECKPOINT_WEBHOOK_CONCURRENCY", 16, "a whole number of concurrent attempts"),
    CHECKPOINT_VERIFF_SYNC_POLL_MS: wholeNumber("CHECKPOINT_VERIFF_SYNC_POLL_MS", 5_000, "a whole number of milliseconds"),
    CHECKPOINT_VERIFF_TIMEOUT_MS: wholeNumber("CHECKPOINT_VERIFF_TIMEOUT_MS", 10_000, "a whole number of milliseconds"),
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
      webhookPollMs: e.CHECKPOINT_WEBHOOK_POLL_MS,
      webhookConcurrency: e.CHECKPOINT_WEBHOOK_CONCURRENCY,
      /** Veriff-backed integrations: the reconcile worker's idle poll, and how long one call to Veriff may take. */
      veriffSyncPollMs: e.CHECKPOINT_VERIFF_SYNC_POLL_MS,
      veriffTimeoutMs: e.CHECKPOINT_VERIFF_TIMEOUT_MS,
      /** Outgoing e-mail (session links, reminders); null: e-mail is not configured. */
      smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM ?? `Checkpoint <checkpoint@${app.hostname}>` } : null,
      emailPollMs: e.CHECKPOINT_EMAIL_POLL_MS,
      bulkPollMs: e.CHECKPOINT_BULK_POLL_MS,
      /** How long a bulk batch is one worker's before another process may take it over (a crash). */
      bulkLeaseMs: e.CHECKPOINT_BULK_LEASE_MS,
      /** Serve /v1 alone, without loading Next (API tests, API-only nodes). */
      apiOnly: e.CHECKPOINT_API_ONLY,
      debug: e.CHECKPOINT_DEBUG,
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
