import type pg from "pg";
import { config } from "../config.ts";
import { DomainError } from "../errors.ts";
import { sessionLink } from "../sessions/token.ts";
import { composeEmail } from "./templates.ts";

export const emailNotConfigured = () =>
  new DomainError("email_not_configured", "E-mail is not configured: set SMTP_URL (and MAIL_FROM) on the server to send links by e-mail.", { httpStatus: 409 });

/**
 * Writes a session's link e-mail (or its reminder) to the outbox, rendered from the integration's
 * template in the session's language; call inside the transaction that causes it. Scoped by the
 * session's integration; null when the session does not exist there.
 */
export async function enqueueSessionEmail(
  client: pg.ClientBase,
  e: { sessionId: string; integrationId: string; to: string; kind: "link" | "reminder" },
): Promise<string | null> {
  if (!config().smtp) throw emailNotConfigured();
  const { rows } = await client.query<{ id: string; created_at: Date; provider_url: string | null; lang: string | null; person: { firstName?: string; lastName?: string } | null; expires_at: Date; integration: string; templates: unknown }>(
    `SELECT s.id, s.created_at, s.provider_url, s.lang, s.person, s.expires_at, i.name AS integration, i.email_templates AS templates
       FROM verification_sessions s JOIN integrations i ON i.id = s.integration_id
      WHERE s.id = $1 AND s.integration_id = $2`,
    [e.sessionId, e.integrationId],
  );
  const s = rows[0];
  if (!s) return null;
  const name = [s.person?.firstName, s.person?.lastName].filter(Boolean).join(" ");
  const msg = composeEmail(s.templates, e.kind, {
    lang: s.lang,
    name,
    integration: s.integration,
    link: sessionLink({ id: s.id, createdAt: s.created_at, providerUrl: s.provider_url }),
    expiresAt: s.expires_at,
  });
  const ins = await client.query<{ id: string }>(
    `INSERT INTO email_deliveries (integration_id, session_id, kind, "to", subject, text) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [e.integrationId, e.sessionId, e.kind, e.to, msg.subject, msg.text],
  );
  return ins.rows[0].id;
}
