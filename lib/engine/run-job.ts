import { readMediaBytes } from "../media/media-store.ts";
import { pool, withTransaction } from "../db/index.ts";
import { DomainError } from "../errors.ts";
import { transitionSession } from "../sessions/transition.ts";
import type { VerifiedData } from "../sessions/payloads.ts";
import type { CheckResult, EngineImage, Perception } from "./types.ts";
import { parseEngineSettings, type EngineSettings } from "./settings.ts";
import { decide, type EngineDecision } from "./decide.ts";
import { checkDocumentAccepted, checkExpiry, type RequestedDocument } from "./checks/document-validity.ts";
import { checkDateOfBirth, checkDocumentNumber, checkIdNumber, checkMinimumAge, checkName, type GivenPerson } from "./checks/consistency.ts";
import { checkFaceMatch, checkPortrait, checkSelfie } from "./checks/face.ts";
import { checkDuplicates, embeddingToBytes, identityKey, normaliseDocumentNumber, type RiskLabel } from "./checks/duplicates.ts";
import { cancelClaimedJob, failEngineJob, type ClaimedJob } from "./jobs.ts";
import { requiredContexts, type AnalyseOptions } from "./perception-module.ts";

export type Analyse = (images: EngineImage[], opts?: AnalyseOptions) => Promise<Perception>;

export const ENGINE_ACTOR = { type: "engine", label: "engine" } as const;

interface JobContext {
  status: string;
  current_attempt_id: string | null;
  integration_id: string;
  vendor_data: string | null;
  person: GivenPerson | null;
  document: RequestedDocument | null;
  submitted_at: Date | null;
  review_enabled: boolean;
  auto_decide: boolean;
  engine_settings: unknown;
}

/** What the session page shows: every check, the rule that decided, what was read, timings. */
export interface EngineReport {
  version: 1;
  decision: EngineDecision;
  checks: CheckResult[];
  document: Perception["document"];
  faces: { similarity: number | null; selfieCrop: string | null; portraitCrop: string | null; estimatedAge: number | null; liveness: number | null };
  riskLabels: RiskLabel[];
  images: { mediaId: string; context: string }[];
  settings: EngineSettings;
  timings: { queueMs: number | null; loadMs: number; perceptionMs: number; checksMs: number; totalMs: number; submitToDecisionMs: number | null; perception: Record<string, number> };
}

/** The checks that need the session's and integration's context, on top of perception's own. */
export function contextChecks(p: Perception, given: GivenPerson, requested: RequestedDocument | null, settings: EngineSettings, now: Date): CheckResult[] {
  const doc = p.document;
  const out: (CheckResult | null)[] = [
    checkExpiry(doc, now),
    checkDocumentAccepted(doc, requested, settings),
    checkName(given, doc),
    checkDateOfBirth(given, doc),
    checkIdNumber(given, doc),
    checkDocumentNumber(requested?.number, doc),
    checkMinimumAge(settings.minAge, doc, now),
    checkSelfie(p),
    checkPortrait(p),
    checkFaceMatch(p, settings),
  ];
  return out.filter((c): c is CheckResult => c !== null);
}

/** Veriff's person / document / additionalVerifiedData from what was read: only from a document whose data checked out. */
export function verifiedData(p: Perception, riskLabels: RiskLabel[]): VerifiedData {
  const d = p.document;
  const trusted = d && p.documentCheck.result === "pass";
  const age = p.selfie?.estimatedAge;
  return {
    ...(trusted
      ? {
          person: {
            firstName: d.firstName,
            lastName: d.lastName,
            dateOfBirth: d.dateOfBirth,
            gender: d.sex,
            nationality: d.nationalityAlpha2 ?? d.nationality,
            idNumber: d.personalNumber,
          },
          document: { type: d.documentType, number: d.documentNumber, country: d.issuingCountryAlpha2 ?? d.issuingCountry, validFrom: d.issueDate, validUntil: d.expiryDate },
        }
      : {}),
    additionalVerifiedData: age != null ? { estimatedAge: Math.round(age) } : {},
    riskLabels,
  };
}

/**
 * Runs one claimed job: reads the attempt's pictures, perception, the context checks, the
 * decision; then, in one transaction that first locks the session, marks the job done (only if
 * this claim still holds it), stores what was read, and decides through the state machine as
 * actor `engine`. A session that is no longer submitted on this attempt is left alone.
 */
export async function runEngineJob(job: ClaimedJob, analyse: Analyse, opts: { now?: () => Date } = {}): Promise<{ outcome: string; decision?: EngineDecision }> {
  const clock = opts.now ?? (() => new Date());
  const t0 = performance.now();
  const startedAt = clock();
  try {
    const { rows } = await pool().query<JobContext>(
      `SELECT s.status, s.current_attempt_id, s.integration_id, s.vendor_data, s.person, s.document, s.submitted_at, i.review_enabled, i.auto_decide, i.engine_settings
         FROM verification_sessions s JOIN integrations i ON i.id = s.integration_id WHERE s.id = $1 AND s.integration_id = $2`,
      [job.session_id, job.integration_id],
    );
    const ctx = rows[0];
    if (!ctx || ctx.status !== "submitted" || ctx.current_attempt_id !== job.attempt_id) {
      await cancelClaimedJob(job, ctx ? `Not run: the session is ${ctx.status} on ${ctx.current_attempt_id === job.attempt_id ? "this" : "a newer"} attempt.` : "Not run: the session is gone.");
      return { outcome: "cancelled" };
    }
    if (!ctx.auto_decide) {
      await cancelClaimedJob(job, "Not run: automated decisions were turned off for the integration; a person decides.");
      return { outcome: "cancelled" };
    }
    const media = await pool().query<{ id: string }>(
      `SELECT DISTINCT ON (context) id FROM media WHERE attempt_id = $1 AND removed_at IS NULL ORDER BY context, created_at DESC`,
      [job.attempt_id],
    );
    const images: EngineImage[] = [];
    for (const { id } of media.rows) {
      const m = await readMediaBytes(id, { integrationId: job.integration_id });
      if (m) images.push({ mediaId: m.id, context: m.context, mimetype: m.mimetype, bytes: new Uint8Array(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength) });
    }
    const loadMs = performance.now() - t0;

    const tp = performance.now();
    const perception = await analyse(images, { required: requiredContexts(ctx.document?.type) });
    const perceptionMs = performance.now() - tp;

    const tc = performance.now();
    const settings = parseEngineSettings(ctx.engine_settings);
    const now = clock();
    const checks = [...perception.quality, perception.documentCheck, ...contextChecks(perception, ctx.person ?? {}, ctx.document, settings, now)];
    const dup = await checkDuplicates(pool(), {
      integrationId: job.integration_id,
      sessionId: job.session_id,
      vendorData: ctx.vendor_data,
      document: perception.documentCheck.result === "pass" ? perception.document : null,
      embedding: perception.selfie?.embedding ?? null,
      settings,
      now,
    });
    checks.push(...dup.checks);
    const decision = decide(checks, { reviewEnabled: ctx.review_enabled });
    const checksMs = performance.now() - tc;

    const finishedAt = clock();
    const report: EngineReport = {
      version: 1,
      decision,
      checks,
      document: perception.document,
      faces: {
        similarity: perception.faceSimilarity,
        selfieCrop: perception.selfie?.cropJpegBase64 ?? null,
        portraitCrop: perception.documentPortrait?.cropJpegBase64 ?? null,
        estimatedAge: perception.selfie?.estimatedAge ?? null,
        liveness: perception.selfie?.liveness ?? null,
      },
      riskLabels: dup.riskLabels,
      images: images.map((i) => ({ mediaId: i.mediaId, context: i.context })),
      settings,
      timings: {
        queueMs: ctx.submitted_at ? Math.max(0, startedAt.getTime() - new Date(ctx.submitted_at).getTime()) : null,
        loadMs: Math.round(loadMs),
        perceptionMs: Math.round(perceptionMs),
        checksMs: Math.round(checksMs),
        totalMs: Math.round(performance.now() - t0),
        submitToDecisionMs: ctx.submitted_at ? finishedAt.getTime() - new Date(ctx.submitted_at).getTime() : null,
        perception: perception.timings,
      },
    };
    const verified = verifiedData(perception, dup.riskLabels);
    const doc = perception.documentCheck.result === "pass" ? perception.document : null;

    const outcome = await withTransaction(async (client) => {
      // Session first, then the job: the order every decision takes (a reviewer's cancels the job), so no deadlock.
      const locked = await client.query<{ status: string; current_attempt_id: string | null }>(`SELECT status, current_attempt_id FROM verification_sessions WHERE id = $1 FOR UPDATE`, [job.session_id]);
      const s = locked.rows[0];
      const mine = await client.query(
        `UPDATE engine_jobs SET state = 'done', outcome = $3, report = $4, finished_at = $5, locked_until = NULL, last_error = NULL
          WHERE id = $1 AND locked_by = $2 AND state = 'pending' RETURNING id`,
        [job.id, job.locked_by, decision.status, JSON.stringify(report), finishedAt],
      );
      if (!mine.rowCount) return "lost";
      if (!s || s.status !== "submitted" || s.current_attempt_id !== job.attempt_id) {
        await client.query(`UPDATE engine_jobs SET state = 'cancelled', last_error = $2 WHERE id = $1`, [job.id, `Not decided: the session became ${s?.status ?? "gone"} while the engine worked.`]);
        return "cancelled";
      }
      await client.query(`UPDATE attempts SET verified_data = $2 WHERE id = $1`, [job.attempt_id, JSON.stringify(verified)]);
      await client.query(
        `INSERT INTO engine_identities (integration_id, session_id, attempt_id, document_number, document_country, identity_key, vendor_data, face_embedding, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (attempt_id) DO UPDATE SET document_number = EXCLUDED.document_number, document_country = EXCLUDED.document_country,
           identity_key = EXCLUDED.identity_key, vendor_data = EXCLUDED.vendor_data, face_embedding = EXCLUDED.face_embedding`,
        [
          job.integration_id,
          job.session_id,
          job.attempt_id,
          normaliseDocumentNumber(doc?.documentNumber),
          doc?.issuingCountry ?? null,
          identityKey(doc),
          ctx.vendor_data,
          embeddingToBytes(perception.selfie?.embedding),
          finishedAt,
        ],
      );
      if (decision.status === "submitted") return "submitted";
      await transitionSession(client, {
        sessionId: job.session_id,
        integrationId: job.integration_id,
        to: decision.status,
        reasonCode: decision.reasonCode,
        actor: ENGINE_ACTOR,
        expectFrom: ["submitted"],
        expectAttemptId: job.attempt_id,
        now: finishedAt,
      });
      return decision.status;
    });
    return { outcome, decision };
  } catch (e) {
    const message = e instanceof DomainError ? e.message : (e as Error)?.message ?? String(e);
    const state = await failEngineJob(job, message, { version: 1, error: message, timings: { totalMs: Math.round(performance.now() - t0) } }).catch(() => "lost" as const);
    return { outcome: state === "failed" ? "failed" : state === "retry" ? "retry" : "lost" };
  }
}
