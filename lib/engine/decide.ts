import type { CheckResult } from "./types.ts";
import { declineReasons, resubmissionReasons, statusCode } from "../sessions/codes.ts";
import { summaryOf } from "./checks/check.ts";

export interface DecideSettings {
  /** The integration may put sessions in review (9121); otherwise unsure sessions stay submitted. */
  reviewEnabled: boolean;
}

export type EngineOutcome = "approved" | "declined" | "resubmission_requested" | "review" | "submitted";

export interface EngineDecision {
  status: EngineOutcome;
  /** Veriff's code for the status (9001, 9102, 9103, 9121), null when left submitted. */
  code: number | null;
  reasonCode: number | null;
  /** The rule that decided (its id and wording) and the check(s) it looked at. */
  rule: string;
  ruleText: string;
  checks: string[];
  /** One line for the review queue and the report: "Face similarity 0.52, below 0.60." */
  summary: string;
}

interface Rule {
  id: string;
  text: string;
  /** Checks this rule applies to. */
  select: (c: CheckResult) => boolean;
  status: Exclude<EngineOutcome, "review" | "submitted" | "approved">;
  /** The reason when the check gives none (or gives one of the other kind). */
  reason: number;
}

const isCapture = (c: CheckResult) => c.name.startsWith("quality") || c.name.startsWith("image_quality") || c.name === "face.selfie";
const isDocumentCheck = (c: CheckResult) => c.name === "mrz" || c.name === "barcode" || c.name === "document" || c.name.startsWith("document_data");

/**
 * The rules, first match wins (documented in docs/engine.md):
 * 1. a picture missing or unusable (quality, no face / several faces in the selfie) → 9103 with its reason (204, 605, 608, 609, 641…);
 * 2. check digits fail or tampering → 9102/102;
 * 3. the name differs from the one given → 9102/104;
 * 4. duplicates / velocity → 9102 110, 108 or 107;
 * 5. the face does not match (below the low threshold) → 9102/103;
 * 6. the document expired → 9103/207;
 * 7. the document type or country not accepted → 9103/206;
 * 8. no document data read from pictures of good quality → review; from pictures of doubtful quality → 9103/204;
 * 9. anything else failed or unsure → review (9121) when enabled, else left submitted for a reviewer;
 * 10. every check passed → 9001.
 */
export const rules: Rule[] = [
  { id: "picture_unusable", text: "A picture is missing or unusable: ask for new pictures.", select: (c) => isCapture(c) && c.result === "fail", status: "resubmission_requested", reason: 204 },
  { id: "document_tampered", text: "The document data fails its check digits or shows tampering.", select: (c) => isDocumentCheck(c) && c.result === "fail", status: "declined", reason: 102 },
  { id: "name_mismatch", text: "The name on the document differs from the name given.", select: (c) => c.name === "consistency.name" && c.result === "fail", status: "declined", reason: 104 },
  { id: "duplicate", text: "The document or face belongs to another session's identity, or the document is used too often.", select: (c) => (c.name.startsWith("duplicates.") || c.name.startsWith("velocity.")) && c.result === "fail", status: "declined", reason: 110 },
  { id: "face_mismatch", text: "The selfie does not match the document portrait (below the low threshold).", select: (c) => c.name === "face.match" && c.result === "fail", status: "declined", reason: 103 },
  { id: "document_expired", text: "The document has expired.", select: (c) => c.name === "document_validity.expiry" && c.result === "fail", status: "resubmission_requested", reason: 207 },
  { id: "document_not_accepted", text: "The document's type or country is not the one asked for or accepted.", select: (c) => c.name === "document_validity.accepted" && c.result === "fail", status: "resubmission_requested", reason: 206 },
];

function reasonFor(rule: Rule, c: CheckResult): number {
  const table = rule.status === "declined" ? declineReasons : resubmissionReasons;
  return c.reasonCode != null && c.reasonCode in table ? c.reasonCode : rule.reason;
}

/** A pure function of the checks and the integration's review setting. */
export function decide(checks: CheckResult[], settings: DecideSettings): EngineDecision {
  for (const rule of rules) {
    const hit = checks.find(rule.select);
    if (hit) {
      const reasonCode = reasonFor(rule, hit);
      return { status: rule.status, code: statusCode[rule.status] ?? null, reasonCode, rule: rule.id, ruleText: rule.text, checks: [hit.name], summary: summaryOf(hit) };
    }
  }

  const documentCheck = checks.find(isDocumentCheck);
  if (!documentCheck || documentCheck.result === "inconclusive") {
    const doubtful = checks.filter((c) => isCapture(c) && c.result === "inconclusive");
    if (doubtful.length) {
      return {
        status: "resubmission_requested",
        code: 9103,
        reasonCode: 204,
        rule: "document_unreadable",
        ruleText: "No document data could be read, and the pictures are of doubtful quality.",
        checks: [documentCheck?.name ?? "document", ...doubtful.map((c) => c.name)],
        summary: `Document data not read; ${summaryOf(doubtful[0])}`,
      };
    }
  }

  const unsure = checks.filter((c) => c.result !== "pass");
  // Never approve without a read document and a compared face, whatever the other checks say.
  if (!documentCheck) unsure.unshift({ name: "document", result: "inconclusive", score: null, evidence: { summary: "No document data read." }, ms: 0 });
  if (!checks.some((c) => c.name === "face.match")) unsure.push({ name: "face.match", result: "inconclusive", score: null, evidence: { summary: "Faces not compared." }, ms: 0 });
  if (unsure.length) {
    const summary = unsure.map(summaryOf).join(" ");
    const ruleText = "The engine is not sure: a person decides.";
    if (settings.reviewEnabled) return { status: "review", code: 9121, reasonCode: null, rule: "unsure", ruleText, checks: unsure.map((c) => c.name), summary };
    return { status: "submitted", code: null, reasonCode: null, rule: "unsure", ruleText: `${ruleText} Review status is off for this integration, so the session stays submitted.`, checks: unsure.map((c) => c.name), summary };
  }
  return { status: "approved", code: 9001, reasonCode: null, rule: "all_pass", ruleText: "Every check passed.", checks: checks.map((c) => c.name), summary: "Every check passed." };
}
