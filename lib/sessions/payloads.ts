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

export function decisionVerification(s: SessionRow, d: DecisionRow) {
  const p = s.person ?? {};
  const doc = s.document ?? {};
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
    comments: [],
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
    additionalVerifiedData: {},
    riskLabels: [],
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
