import nodemailer, { type Transporter } from "nodemailer";
import { pool, withTransaction } from "../db/index.ts";
import { config } from "../config.ts";
import { LEASE_MS, RETRY_HORIZON_MS, retryDelayMs } from "../webhooks/deliver.ts";
import { startPollLoop } from "../jobs/poll-loop.ts";
import { enqueueSessionEmail } from "./enqueue-email.ts";

// The e-mail outbox takes the webhook outbox's shape and its schedule (lib/webhooks/deliver.ts):
// claimed with a lease and SKIP LOCKED, every attempt recorded, retried with the same backoff for
// the same horizon; an SMTP server's permanent refusal (5xx) ends it at once.

interface ClaimedEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  attempt_count: number;
  created_at: Date;
}

export async function claimEmails(limit: number): Promise<ClaimedEmail[]> {
  const { rows } = await pool().query<ClaimedEmail>(
    `UPDATE email_deliveries d SET locked_until = now() + $2 * interval '1 millisecond', attempt_count = d.attempt_count + 1
      WHERE d.id IN (SELECT id FROM email_deliveries
                      WHERE state = 'pending' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until <= now())
                      ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d."to", d.subject, d.text, d.attempt_count, d.created_at`,
    [limit, LEASE_MS],
  );
  return rows;
}

let transport: { url: string; t: Transporter } | null = null;
function transporter(url: string): Transporter {
  // 20 s per stage: under the lease, so a slow server's message is never sent twice by two workers.
  if (transport?.url !== url) transport = { url, t: nodemailer.createTransport(url, { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 20_000 }) };
  return transport.t;
}

/** Sends one claimed e-mail (never throws) and records the attempt and the delivery's new state. */
export async function sendClaimedEmail(e: ClaimedEmail): Promise<"delivered" | "pending" | "failed"> {
  const smtp = config().smtp;
  const started = Date.now();
  let response: string | null = null;
  let error: string | null = null;
  let permanent = false;
  if (!smtp) error = "E-mail is not configured (SMTP_URL is unset).";
  else {
    try {
      const info = await transporter(smtp.url).sendMail({ from: smtp.from, to: e.to, subject: e.subject, text: e.text });
      response = info.response ?? "accepted";
    } catch (err) {
      const x = err as { response?: string; responseCode?: number; message: string };
      response = x.response ?? null;
      error = x.response ?? x.message;
      permanent = typeof x.responseCode === "number" && x.responseCode >= 500;
    }
  }
  const durationMs = Date.now() - started;
  const next = new Date(Date.now() + retryDelayMs(e.attempt_count));
  const state = !error ? "delivered" : permanent || next.getTime() > new Date(e.created_at).getTime() + RETRY_HORIZON_MS ? "failed" : "pending";
  await withTransaction(async (c) => {
    await c.query(`INSERT INTO email_attempts (delivery_id, duration_ms, response, error) VALUES ($1, $2, $3, $4)`, [e.id, durationMs, response, error]);
    await c.query(
      `UPDATE email_deliveries SET state = $2::"DeliveryState", locked_until = NULL, last_response = $3, last_error = $4,
              next_attempt_at = CASE WHEN $2 = 'pending' THEN $5::timestamptz ELSE next_attempt_at END,
              sent_at = CASE WHEN $2 = 'delivered' THEN now() ELSE sent_at END
        WHERE id = $1`,
      [e.id, state, response, error, next.toISOString()],
    );
  });
  return state;
}

/**
 * Reminders: for integrations with email_reminder_days, a session not yet submitted whose link
 * e-mail went out gets one reminder once it is within that many days of expiry.
 */
export async function enqueueReminders(limit = 500): Promise<number> {
  const { rows } = await pool().query<{ session_id: string; integration_id: string; to: string }>(
    `SELECT DISTINCT ON (s.id) s.id AS session_id, s.integration_id, d."to"
       FROM verification_sessions s
       JOIN integrations i ON i.id = s.integration_id AND i.email_reminder_days IS NOT NULL
       JOIN email_deliveries d ON d.session_id = s.id AND d.kind = 'link' AND d.state = 'delivered'
      WHERE s.status IN ('created', 'started') AND s.expires_at > now()
        AND s.expires_at - make_interval(days => i.email_reminder_days) <= now()
        AND NOT EXISTS (SELECT 1 FROM email_deliveries r WHERE r.session_id = s.id AND r.kind = 'reminder')
      ORDER BY s.id, d.created_at DESC
      LIMIT $1`,
    [limit],
  );
  for (const r of rows) {
    await withTransaction((c) => enqueueSessionEmail(c, { sessionId: r.session_id, integrationId: r.integration_id, to: r.to, kind: "reminder" }));
  }
  return rows.length;
}

const wakersKey = Symbol.for("checkpoint.email-wakers");
const wakers: Set<() => void> = ((globalThis as { [wakersKey]?: Set<() => void> })[wakersKey] ??= new Set());
/** Ends the idle wait of this process's e-mail workers (a portal action just wrote one). */
export const wakeEmailWorkers = () => wakers.forEach((w) => w());

const REMINDER_EVERY_MS = 60_000;

/** The e-mail worker: sends due e-mails a few at a time; once a minute it writes due reminders. */
export function startEmailWorker(opts: { idleMs?: number; concurrency?: number } = {}): { stop(): Promise<void> } {
  let lastReminders = 0;
  const loop = startPollLoop({
    name: "email",
    idleMs: opts.idleMs ?? config().emailPollMs,
    tick: async () => {
      if (Date.now() - lastReminders > REMINDER_EVERY_MS) {
        lastReminders = Date.now();
        await enqueueReminders();
      }
      const claimed = await claimEmails(opts.concurrency ?? 4);
      await Promise.all(claimed.map(sendClaimedEmail));
      return claimed.length > 0;
    },
  });
  wakers.add(loop.wake);
  return {
    async stop() {
      wakers.delete(loop.wake);
      await loop.stop();
    },
  };
}
