// The decision object (GET /v1/sessions/{id}/decision == decision webhook body) and the event
// webhook body, in Veriff's shapes (shared/veriff-api.md §3.4, §3.5).

export interface SessionRow {
  id: string;
  status: string;
  vendor_data: string | null;
  end_user_id: string | null;
  person: Record<string, unknown> | null;
  document: Record<string, unknown> | null;
  address: Record<string, unknown> | null;
  created_at: Date | string;
  /** What the engine read off the attempt's pictures (attempts.verified_data), when it ran. */
  verified_data?: VerifiedData | null;
  /** Reviewers' notes and comments, oldest first: the decision's `comments`. */
  comments?: DecisionComment[];
}

/** One entry of the decision's `comments`: a reviewer's note on a decision or comment on the session. */
export interface DecisionComment {
  type: "note" | "comment";
  comment: string;
  author: string;
  timestamp: string;
}

/** The engine's reading, in Veriff's decision shape (shared/veriff-api.md §3.4). */
export interface VerifiedData {
  person?: Partial<Record<"firstName" | "lastName" | "dateOfBirth" | "gender" | "nationality" | "idNumber", string | null>>;
  document?: Partial<Record<"type" | "number" | "country" | "validFrom" | "validUntil", string | null>>;
  additionalVerifiedData?: Record<string, unknown>;
  riskLabels?: { label: string; category: string; sessionIds: string[] }[];
}

export interface DecisionRow {
  attempt_id: string | null;
  status: string;
  code: number;
  reason_code: number | null;
  reason: string | null;
  created_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

/** A value the engine read wins over the one given at creation. */
const pick = (read: Record<string, unknown> | undefined, given: Record<string, unknown>, k: string) => str(read?.[k]) ?? str(given[k]);

export function decisionVerification(s: SessionRow, d: DecisionRow) {
  const v = s.verified_data ?? null;
  const given = s.person ?? {};
  const givenDoc = s.document ?? {};
  const read = v?.person as Record<string, unknown> | undefined;
  const readDoc = v?.document as Record<string, unknown> | undefined;
  const p: Record<string, unknown> = Object.fromEntries(["firstName", "lastName", "idNumber", "gender", "dateOfBirth", "placeOfBirth", "nationality"].map((k) => [k, pick(read, given, k)]));
  const doc: Record<string, unknown> = Object.fromEntries(
    ["type", "number", "country", "validFrom", "validUntil", "placeOfIssue", "firstIssue", "issueNumber", "issuedBy"].map((k) => [k, pick(readDoc, givenDoc, k)]),
  );
  const dob = str(p.dateOfBirth);
  const fullAddress = str(s.address?.fullAddress);
  return {
    id: s.id,
    attemptId: d.attempt_id,
    code: d.code,
    status: d.status,
    reason: d.reason,
    reasonCode: d.reason_code,
    decisionTime: iso(d.created_at),
    acceptanceTime: iso(s.created_at),
    vendorData: s.vendor_data,
    endUserId: s.end_user_id,
    comments: s.comments ?? [],
    person: {
      firstName: str(p.firstName),
      lastName: str(p.lastName),
      idNumber: str(p.idNumber),
      gender: str(p.gender),
      dateOfBirth: dob,
      yearOfBirth: dob ? dob.slice(0, 4) : null,
      placeOfBirth: str(p.placeOfBirth),
      nationality: str(p.nationality),
      citizenship: null,
      pepSanctionMatch: null,
      addresses: fullAddress ? [{ fullAddress, parsedAddress: null }] : [],
    },
    document: {
      type: str(doc.type),
      number: str(doc.number),
      country: str(doc.country),
      validFrom: str(doc.validFrom),
      validUntil: str(doc.validUntil),
      placeOfIssue: str(doc.placeOfIssue),
      firstIssue: str(doc.firstIssue),
      issueNumber: str(doc.issueNumber),
      issuedBy: str(doc.issuedBy),
    },
    additionalVerifiedData: v?.additionalVerifiedData ?? {},
    riskLabels: v?.riskLabels ?? [],
  };
}

export function decisionPayload(s: SessionRow, d: DecisionRow | null) {
  return { status: "success", verification: d ? decisionVerification(s, d) : null, technicalData: { ip: null } };
}

export function eventPayload(s: SessionRow, attemptId: string | null, code: 7001 | 7002) {
  return {
    id: s.id,
    attemptId,
    feature: "selfid",
    code,
    action: code === 7001 ? "started" : "submitted",
    vendorData: s.vendor_data,
    endUserId: s.end_user_id,
  };
}
