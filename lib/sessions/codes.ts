// Veriff's status, decision and reason codes (shared/veriff-api.md §4).

export const sessionStatuses = [
  "created",
  "started",
  "submitted",
  "approved",
  "declined",
  "resubmission_requested",
  "expired",
  "abandoned",
  "review",
] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

/** The code a status change is reported with: 7001/7002 by event webhook, 9xxx by decision webhook. */
export const statusCode: Partial<Record<SessionStatus, number>> = {
  started: 7001,
  submitted: 7002,
  approved: 9001,
  declined: 9102,
  resubmission_requested: 9103,
  expired: 9104,
  abandoned: 9104,
  review: 9121,
};

export const decisionStatuses = ["approved", "declined", "resubmission_requested", "expired", "abandoned", "review"] as const;
export type DecisionStatus = (typeof decisionStatuses)[number];
export const isDecision = (s: SessionStatus): s is DecisionStatus => (decisionStatuses as readonly string[]).includes(s);

/** What a reviewer (or the test panel, or the CLI) may decide on a submitted session. */
export const decisionChoices = ["approved", "declined", "resubmission_requested", "review"] as const;
export type DecisionChoice = (typeof decisionChoices)[number];

/** Finished: reopening the link shows that there is nothing left to do. */
export const finalStatuses: readonly SessionStatus[] = ["approved", "declined", "expired", "abandoned"];

export const declineReasons: Record<number, string> = {
  101: "Physical document not used",
  102: "Suspected document tampering",
  103: "Person showing the document does not appear to match document photo",
  104: "Name entered does not match name on document",
  105: "Suspicious behaviour",
  106: "Known fraud",
  107: "Velocity/abuse suspected",
  108: "Duplicated end-user",
  109: "Duplicated device",
  110: "Duplicated ID",
  111: "Session fraudulently accessed",
  112: "Restricted IP location",
  113: "Identity farming suspected",
  120: "Person on the portrait does not appear to match reference photo",
  121: "User ID missing",
  122: "No reference found",
  123: "Registry checks failed",
  124: "Face already in face collection",
  126: "Potential PEP match",
  127: "Face matches blocklist",
  128: "End-user ID mismatch",
  129: "Invalid workflow",
  501: "High fraud probability",
  502: "Multiple parties present in session",
  503: "Attempted deceit",
  504: "Device screen used",
  505: "Printout used",
  506: "Document tampered",
  507: "Document tampered (data cross-reference)",
  508: "Document tampered (specimen similarity)",
  509: "Person does not match document photo",
  515: "Device screen used for face image",
  526: "Photos streamed",
  527: "Unable to collect proof of address data",
  528: "Proof of address issue date too old",
  539: "Resubmission limit exceeded",
};

export const resubmissionReasons: Record<number, string> = {
  201: "Video and/or photos missing",
  204: "Poor image quality",
  205: "Document damaged",
  206: "Document type not supported",
  207: "Document expired",
  602: "Document type not supported",
  603: "Video missing",
  605: "Face image missing",
  606: "Face is not clearly visible",
  608: "Document front missing",
  609: "Document back missing",
  614: "Document front not fully in frame",
  615: "Document back not fully in frame",
  619: "Document data not visible",
  620: "Document expired",
  621: "Document annulled or damaged",
  625: "Unable to collect surname",
  626: "Unable to collect first names",
  627: "Unable to collect date of birth",
  628: "Unable to collect issue date",
  629: "Unable to collect expiry date",
  630: "Unable to collect gender",
  631: "Unable to collect document number",
  632: "Unable to collect personal number",
  633: "Unable to collect nationality",
  634: "Unable to collect home address",
  635: "Document and face image missing",
  641: "Multiple faces detected",
  642: "Multiple documents uploaded",
};

export function reasonText(code: number | null | undefined): string | null {
  if (code == null) return null;
  return declineReasons[code] ?? resubmissionReasons[code] ?? null;
}

/** Most resubmissions allowed; the next attempt is declined with reason 539. */
export const MAX_RESUBMISSIONS = 9;
export const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
