import { z } from "zod";
import { UUID_PATTERN } from "../validation/uuid.ts";
import { decisionStatuses, finalStatuses, type DecisionStatus, type SessionStatus } from "../sessions/codes.ts";

// What Veriff sends (shared/veriff-api.md §3.4 decision == GET decision, §3.5 event). Fields may
// be null, empty or absent, and new ones appear: everything else passes through untouched.

const id = z.string().regex(UUID_PATTERN);

export const decisionVerification = z
  .object({
    id,
    attemptId: id.nullish(),
    code: z.coerce.number().int(),
    status: z.enum(decisionStatuses),
    reason: z.string().nullish(),
    reasonCode: z.coerce.number().int().nullish(),
    decisionTime: z.string().nullish(),
  })
  .passthrough();

export const decisionPayload = z.object({ status: z.string().optional(), verification: decisionVerification }).passthrough();

export const eventPayload = z
  .object({ id, attemptId: id.nullish(), code: z.union([z.literal(7001), z.literal(7002)]), action: z.enum(["started", "submitted"]) })
  .passthrough();

export type Incoming =
  | { kind: "event"; sessionId: string; attemptId: string | null; to: "started" | "submitted"; code: 7001 | 7002 }
  | {
      kind: "decision";
      sessionId: string;
      attemptId: string | null;
      to: DecisionStatus;
      code: number;
      reasonCode: number | null;
      reason: string | null;
      decisionTime: string | null;
      verification: Record<string, unknown>;
    };

/** A webhook or GET decision body → what Veriff reports, or null when it is neither shape. */
export function parseIncoming(json: unknown): Incoming | null {
  const d = decisionPayload.safeParse(json);
  if (d.success) {
    const v = d.data.verification;
    return {
      kind: "decision",
      sessionId: v.id.toLowerCase(),
      attemptId: v.attemptId?.toLowerCase() ?? null,
      to: v.status,
      code: v.code,
      reasonCode: v.reasonCode ?? null,
      reason: v.reason ?? null,
      decisionTime: v.decisionTime ?? null,
      verification: v as Record<string, unknown>,
    };
  }
  const e = eventPayload.safeParse(json);
  if (e.success) {
    return { kind: "event", sessionId: e.data.id.toLowerCase(), attemptId: e.data.attemptId?.toLowerCase() ?? null, to: e.data.action, code: e.data.code };
  }
  return null;
}

export interface LocalState {
  status: SessionStatus;
  currentAttemptId: string | null;
  /** Ids of the session's attempts, oldest first. */
  attemptIds: string[];
  lastDecision: { attemptId: string | null; status: SessionStatus; decisionTime: string | null } | null;
}

export type Plan = { apply: true; to: SessionStatus; newAttempt: boolean } | { apply: false; verdict: "duplicate" | "stale"; detail: string };

const preSubmit: readonly SessionStatus[] = ["created", "started"];

/**
 * What a report from Veriff does to the local record. Applied once (a duplicate changes nothing),
 * in Veriff's order, not arrival order: an event for an older attempt, or arriving after the
 * attempt was decided, changes nothing; a decision older than the one applied changes nothing;
 * a final decision stays final; review and resubmission_requested give way to a later decision.
 */
export function planChange(local: LocalState, inc: Incoming): Plan {
  const known = inc.attemptId ? local.attemptIds.includes(inc.attemptId) : false;
  const isCurrent = inc.attemptId !== null && inc.attemptId === local.currentAttemptId;
  const olderAttempt = known && !isCurrent;
  const newAttempt = inc.attemptId !== null && !known;
  if (olderAttempt) return { apply: false, verdict: "stale", detail: `It is about attempt ${inc.attemptId}, an earlier one.` };

  if (inc.kind === "event") {
    const sameStatus = local.status === inc.to && (isCurrent || inc.attemptId === null);
    if (sameStatus) return { apply: false, verdict: "duplicate", detail: `The session is already ${inc.to}.` };
    if (inc.to === "started") {
      if (local.status === "created") return { apply: true, to: "started", newAttempt };
      if (local.status === "resubmission_requested" && (newAttempt || inc.attemptId === null)) return { apply: true, to: "started", newAttempt };
    } else {
      if (preSubmit.includes(local.status)) return { apply: true, to: "submitted", newAttempt };
      if (local.status === "resubmission_requested" && (newAttempt || inc.attemptId === null)) return { apply: true, to: "submitted", newAttempt };
    }
    return { apply: false, verdict: "stale", detail: `The session is ${local.status}: a "${inc.to}" event reported earlier changes nothing.` };
  }

  const last = local.lastDecision;
  if (last && last.status === inc.to && (last.attemptId === inc.attemptId || inc.attemptId === null)) {
    return { apply: false, verdict: "duplicate", detail: `This decision (${inc.to}) is already applied.` };
  }
  if (last?.decisionTime && inc.decisionTime && Date.parse(inc.decisionTime) < Date.parse(last.decisionTime)) {
    return { apply: false, verdict: "stale", detail: `Decided at ${inc.decisionTime}, before the decision applied (${last.decisionTime}).` };
  }
  if (finalStatuses.includes(local.status)) {
    return { apply: false, verdict: "stale", detail: `The session is ${local.status}: that decision is final.` };
  }
  if (local.status === "resubmission_requested" && !newAttempt && inc.attemptId !== null && last?.attemptId === inc.attemptId && inc.to !== "expired" && inc.to !== "abandoned") {
    return { apply: false, verdict: "stale", detail: "The attempt it is about was already sent back for resubmission." };
  }
  return { apply: true, to: inc.to, newAttempt };
}
