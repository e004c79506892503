import type pg from "pg";
import type { CheckResult, DocumentReading } from "../types.ts";
import type { EngineSettings } from "../settings.ts";
import { check, fmt } from "./check.ts";
import { mrzText } from "./names.ts";

/** Veriff-shaped risk label (shared/veriff-api.md §3.4). */
export interface RiskLabel {
  label: string;
  category: "document" | "person" | "client_data_mismatch";
  sessionIds: string[];
}

/** Who an attempt says the person is, as read off the document: "LAST|FIRST|YYYY-MM-DD". */
export function identityKey(doc: DocumentReading | null): string | null {
  if (!doc || !doc.lastName || !doc.dateOfBirth) return null;
  return `${mrzText(doc.lastName)}|${mrzText(doc.firstName ?? "")}|${doc.dateOfBirth}`;
}

export const normaliseDocumentNumber = (n: string | null | undefined) => {
  const v = (n ?? "").toUpperCase().replace(/[^A-Z0-9]/g, "");
  return v || null;
};

export function embeddingToBytes(e: number[] | null | undefined): Buffer | null {
  if (!e || e.length === 0) return null;
  return Buffer.from(new Float32Array(e).buffer);
}

function bytesToEmbedding(b: Buffer): Float32Array {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Float32Array(copy.buffer);
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Newest identities scanned for a face duplicate (a linear scan in JS: ~20 ms for 5,000 embeddings of 1,024 floats). */
export const FACE_SCAN_LIMIT = 5000;

export interface DuplicateInput {
  integrationId: string;
  sessionId: string;
  vendorData: string | null;
  document: DocumentReading | null;
  embedding: number[] | null;
  settings: EngineSettings;
  now: Date;
}

/**
 * Duplicates and velocity within the integration (never across integrations: another
 * integration's sessions are not this caller's to see):
 * - the document number in another session under a different identity (110) or vendorData (108);
 * - the selfie's face close to another session's under a different identity (108);
 * - the document number in `velocityMaxSessions` sessions within `velocityWindowMinutes` (107).
 */
export async function checkDuplicates(client: Pick<pg.Pool, "query">, input: DuplicateInput): Promise<{ checks: CheckResult[]; riskLabels: RiskLabel[] }> {
  const { settings, now } = input;
  const checks: CheckResult[] = [];
  const riskLabels: RiskLabel[] = [];
  const since = new Date(now.getTime() - settings.duplicateWindowDays * 86_400_000);
  const number = normaliseDocumentNumber(input.document?.documentNumber);
  const country = input.document?.issuingCountry ?? null;
  const mine = identityKey(input.document);

  let t = performance.now();
  if (number) {
    const { rows } = await client.query<{ session_id: string; identity_key: string | null; vendor_data: string | null; created_at: Date }>(
      `SELECT session_id, identity_key, vendor_data, created_at FROM engine_identities
        WHERE integration_id = $1 AND document_number = $2 AND document_country IS NOT DISTINCT FROM $3 AND session_id <> $4 AND created_at > $5
        ORDER BY created_at DESC LIMIT 200`,
      [input.integrationId, number, country, input.sessionId, since],
    );
    const otherIdentity = [...new Set(rows.filter((r) => mine && r.identity_key && r.identity_key !== mine).map((r) => r.session_id))];
    const otherVendor = [...new Set(rows.filter((r) => input.vendorData && r.vendor_data && r.vendor_data !== input.vendorData).map((r) => r.session_id))];
    const evidence = { documentNumber: number, windowDays: settings.duplicateWindowDays, sessions: [...new Set(rows.map((r) => r.session_id))], otherIdentity, otherVendorData: otherVendor };
    if (otherIdentity.length) {
      riskLabels.push({ label: "document_integration_level_crosslinked_with_other_identity", category: "document", sessionIds: otherIdentity });
      checks.push(check("duplicates.document", "fail", `Document ${number} was used in ${otherIdentity.length} other session(s) under another identity.`, { startedAt: t, reasonCode: 110, evidence }));
    } else if (otherVendor.length) {
      riskLabels.push({ label: "document_integration_level_crosslinked_with_other_end_user", category: "document", sessionIds: otherVendor });
      checks.push(check("duplicates.document", "fail", `Document ${number} was used in ${otherVendor.length} other session(s) with another vendorData.`, { startedAt: t, reasonCode: 108, evidence }));
    } else {
      checks.push(check("duplicates.document", "pass", rows.length ? `Document seen in ${evidence.sessions.length} other session(s) of the same person.` : "Document not seen in another session.", { startedAt: t, evidence }));
    }

    t = performance.now();
    const windowStart = new Date(now.getTime() - settings.velocityWindowMinutes * 60_000);
    const v = await client.query<{ n: number; ids: string[] }>(
      `SELECT count(DISTINCT session_id)::int AS n, array_agg(DISTINCT session_id::text) AS ids FROM engine_identities
        WHERE integration_id = $1 AND document_number = $2 AND document_country IS NOT DISTINCT FROM $3 AND session_id <> $4 AND created_at > $5`,
      [input.integrationId, number, country, input.sessionId, windowStart],
    );
    const sessions = v.rows[0].n + 1;
    const vEvidence = { sessions, windowMinutes: settings.velocityWindowMinutes, max: settings.velocityMaxSessions };
    if (sessions >= settings.velocityMaxSessions) {
      riskLabels.push({ label: "document_velocity_abuse", category: "document", sessionIds: v.rows[0].ids ?? [] });
      checks.push(check("velocity.document", "fail", `Document used in ${sessions} sessions within ${settings.velocityWindowMinutes} min (limit ${settings.velocityMaxSessions}).`, { startedAt: t, reasonCode: 107, evidence: vEvidence }));
    } else {
      checks.push(check("velocity.document", "pass", `Document used in ${sessions} session(s) within ${settings.velocityWindowMinutes} min.`, { startedAt: t, evidence: vEvidence }));
    }
  }

  t = performance.now();
  if (input.embedding?.length) {
    const { rows } = await client.query<{ session_id: string; identity_key: string | null; face_embedding: Buffer }>(
      `SELECT session_id, identity_key, face_embedding FROM engine_identities
        WHERE integration_id = $1 AND session_id <> $2 AND face_embedding IS NOT NULL AND created_at > $3
        ORDER BY created_at DESC LIMIT ${FACE_SCAN_LIMIT}`,
      [input.integrationId, input.sessionId, since],
    );
    let best = 0;
    const close = new Map<string, number>();
    for (const r of rows) {
      const sim = cosine(input.embedding, bytesToEmbedding(r.face_embedding));
      if (!mine || !r.identity_key || r.identity_key === mine) continue;
      best = Math.max(best, sim);
      if (sim >= settings.duplicateFaceThreshold) close.set(r.session_id, Math.max(sim, close.get(r.session_id) ?? 0));
    }
    const evidence = { scanned: rows.length, threshold: settings.duplicateFaceThreshold, bestOtherIdentity: Math.round(best * 1000) / 1000, matches: [...close].map(([sessionId, similarity]) => ({ sessionId, similarity })) };
    if (close.size) {
      riskLabels.push({ label: "person_integration_level_crosslinked_with_other_identity", category: "person", sessionIds: [...close.keys()] });
      checks.push(check("duplicates.face", "fail", `The same face appears in ${close.size} other session(s) under another identity (similarity ${fmt(Math.max(...close.values()))}).`, { startedAt: t, score: best, reasonCode: 108, evidence }));
    } else {
      checks.push(check("duplicates.face", "pass", rows.length ? `No close face under another identity among ${rows.length} session(s).` : "No other faces to compare.", { startedAt: t, score: best || null, evidence }));
    }
  }
  return { checks, riskLabels };
}
