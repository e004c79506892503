// Veriff's codes in words for people who do not know them: the session page, the list, the queue.
import { reasonText, type SessionStatus } from "./codes.ts";

const decisionWordsByCode: Record<number, string> = {
  9001: "Approved",
  9102: "Declined",
  9103: "Resubmission requested",
  9104: "Expired or abandoned",
  9121: "In review",
};

/** A decision code (9001…) in words; null when there is none. */
export function decisionWords(code: number | null | undefined): string | null {
  return code == null ? null : (decisionWordsByCode[code] ?? `Decision ${code}`);
}

/** A reason code with its text, e.g. "Suspected document tampering". */
export const reasonWords = (code: number | null | undefined): string | null => (code == null ? null : (reasonText(code) ?? `Reason ${code}`));

const actorNames: Record<string, string> = {
  api: "the integration (API)",
  end_user: "the end user",
  user: "a reviewer",
  cli: "the command line",
  system: "Checkpoint (automatic expiry)",
  veriff: "Veriff",
  engine: "the verification engine",
};

const verbs: Record<SessionStatus, string> = {
  created: "Created",
  started: "Started",
  submitted: "Submitted",
  approved: "Approved",
  declined: "Declined",
  resubmission_requested: "Resubmission requested",
  expired: "Expired",
  abandoned: "Abandoned",
  review: "Sent to review",
};

/**
 * One timeline entry in words: "Started by the end user", "Approved by Ada Admin". A change
 * back from a decision (a reviewer's undo) reads "Decision undone by …".
 */
export function eventSentence(e: { fromStatus: SessionStatus | null; toStatus: SessionStatus; actorType: string; actorLabel: string | null; code: number | null }, userName?: string | null): string {
  const undone = e.fromStatus && ["approved", "declined", "resubmission_requested", "review"].includes(e.fromStatus) && (e.toStatus === "submitted" || e.toStatus === "review") && e.code === null;
  const who = e.actorType === "user" ? (userName ?? e.actorLabel ?? actorNames.user) : e.actorType === "end_user" && e.actorLabel === "test panel" ? "the TEST panel" : (actorNames[e.actorType] ?? e.actorType);
  return `${undone ? "Decision undone" : verbs[e.toStatus]} by ${who}`;
}

const pictureNames: Record<string, string> = {
  "document-front": "Document front",
  "document-back": "Document back",
  face: "Selfie",
  "face-pre": "Selfie (before capture)",
  "document-front-pre": "Document front (before capture)",
  "document-back-pre": "Document back (before capture)",
  "document-and-face": "Document held next to the face",
  "face-reference": "Reference photo",
};

/** A media context in words ("Document front"). */
export const pictureLabel = (context: string): string => pictureNames[context] ?? context;

/** "expires in 2 days", "expires in 5 hours", "expired 3 hours ago": for sessions still open. */
export function expiryWords(expiresAt: Date | string, now = Date.now()): string {
  const ms = new Date(expiresAt).getTime() - now;
  const abs = Math.abs(ms);
  const [n, unit] = abs >= 86_400_000 ? [Math.round(abs / 86_400_000), "day"] : abs >= 3_600_000 ? [Math.round(abs / 3_600_000), "hour"] : [Math.max(1, Math.round(abs / 60_000)), "minute"];
  const span = `${n} ${unit}${n === 1 ? "" : "s"}`;
  return ms >= 0 ? `expires in ${span}` : `expired ${span} ago`;
}

/** The statuses whose link still works (expiry matters to them). */
export const openStatuses: readonly SessionStatus[] = ["created", "started", "resubmission_requested"];
