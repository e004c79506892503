import { createSession, type CreatedSession, type IntegrationForCreate, type SessionSource } from "../sessions/create-session.ts";
import type { CreateSessionData } from "../validation/session.ts";
import { loadVeriffCredentials } from "./client.ts";
import { createAtVeriff } from "./create-at-veriff.ts";

/**
 * The one create every door uses (POST /v1/sessions, hence "Add Verification"; the CLI): a
 * Veriff-backed integration's session is made at Veriff (its rate caps apply there), any other
 * by Checkpoint's engine.
 */
export async function createSessionFor(
  integration: IntegrationForCreate & { provider?: "checkpoint" | "veriff" },
  data: CreateSessionData,
  opts: { source: SessionSource; createdById?: string | null; actorLabel?: string | null; actorType?: "api" | "user" | "cli" },
): Promise<CreatedSession> {
  // The API knows the provider from its key cache; other callers have it looked up.
  if (integration.provider !== "checkpoint") {
    const creds = await loadVeriffCredentials(integration.id);
    if (creds) return createAtVeriff(creds, data, opts);
  }
  return createSession(integration, data, opts);
}
