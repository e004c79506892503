import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseIncoming, planChange, type LocalState } from "./payloads.ts";
import { hmacMatches, hmacSignature, legacyMatches, legacySignature, sameSecret } from "../crypto/signatures.ts";

// Veriff's documented payloads, as shared/veriff-api.md §3.4 (decision) and §3.5 (event) give them.
const SESSION = "12df6045-3846-3e45-946a-14fa6136d78b";
const ATTEMPT = "a5d6f8a3-ff0b-4f44-85c3-6a5d1f1e2e8c";
const decision = (over: Record<string, unknown> = {}) => ({
  status: "success",
  verification: {
    id: SESSION,
    attemptId: ATTEMPT,
    code: 9001,
    status: "approved",
    reason: null,
    reasonCode: null,
    decisionTime: "2019-11-06T07:18:36.916Z",
    acceptanceTime: "2019-11-06T07:15:27.000Z",
    vendorData: "12345678",
    endUserId: null,
    comments: [],
    person: {
      firstName: "SARAH",
      lastName: "MORGAN",
      idNumber: null,
      gender: null,
      dateOfBirth: "1967-03-30",
      yearOfBirth: "1967",
      placeOfBirth: "MADRID",
      nationality: null,
      citizenship: null,
      pepSanctionMatch: null,
      addresses: [{ fullAddress: "1234 Snowy Ridge Road, Indiana, 56789 USA", parsedAddress: { city: null, unit: null, state: "Indiana", street: "1234 Snowy Ridge Road", country: "USA", postcode: "56789", houseNumber: null } }],
    },
    document: { type: "DRIVERS_LICENSE", number: "MORGA753116SM9IJ", country: "GB", validFrom: null, validUntil: "2022-04-20", placeOfIssue: "MADRID", firstIssue: "2015-03-21", issueNumber: "01", issuedBy: "ISSUER" },
    additionalVerifiedData: { driversLicenseCategory: { B: true }, estimatedAge: 32, estimatedGender: 0.613 },
    riskLabels: [{ label: "document_integration_level_crosslinked_with_fraud", category: "document", sessionIds: ["5a2a4d6d-0000-4000-8000-000000000000"] }],
    biometricAuthentication: { matchedSessionId: null, matchedSessionVendorData: null },
    ...over,
  },
  technicalData: { ip: "186.153.67.122" },
});
const event = (code: 7001 | 7002, attemptId = ATTEMPT) => ({ id: SESSION, attemptId, feature: "selfid", code, action: code === 7001 ? "started" : "submitted", vendorData: "12345678", endUserId: "6f6f2b8e-0b7e-4d59-9c59-4f7b1d3d2a10" });

const local = (over: Partial<LocalState> = {}): LocalState => ({ status: "created", currentAttemptId: null, attemptIds: [], lastDecision: null, ...over });
const inc = (json: unknown) => {
  const i = parseIncoming(json);
  if (!i) throw new Error("not parsed");
  return i;
};

describe("Veriff's webhook payloads", () => {
  it("reads the documented decision payload, keeping the whole verification object", () => {
    const i = inc(decision());
    expect(i).toMatchObject({ kind: "decision", sessionId: SESSION, attemptId: ATTEMPT, to: "approved", code: 9001, reasonCode: null, decisionTime: "2019-11-06T07:18:36.916Z" });
    expect(i.kind === "decision" && i.verification.riskLabels).toHaveLength(1);
  });

  it("reads the documented event payload", () => {
    expect(inc(event(7002))).toEqual({ kind: "event", sessionId: SESSION, attemptId: ATTEMPT, to: "submitted", code: 7002 });
  });

  it("refuses other shapes (a user-defined status webhook, a decision without status) as neither", () => {
    expect(parseIncoming({ data: { verification: { id: SESSION } }, eventType: "user-status.created" })).toBeNull();
    expect(parseIncoming({ status: "success", verification: { id: SESSION, code: 9001 } })).toBeNull();
    expect(parseIncoming({ status: "success", verification: null })).toBeNull();
    expect(parseIncoming({ id: "not-a-uuid", code: 7001, action: "started" })).toBeNull();
  });
});

describe("applying what Veriff reports: once, in Veriff's order", () => {
  it("applies started, submitted and a decision in order, on Veriff's attempt", () => {
    expect(planChange(local(), inc(event(7001)))).toEqual({ apply: true, to: "started", newAttempt: true });
    expect(planChange(local({ status: "started", currentAttemptId: ATTEMPT, attemptIds: [ATTEMPT] }), inc(event(7002)))).toEqual({ apply: true, to: "submitted", newAttempt: false });
    expect(planChange(local({ status: "submitted", currentAttemptId: ATTEMPT, attemptIds: [ATTEMPT] }), inc(decision()))).toEqual({ apply: true, to: "approved", newAttempt: false });
  });

  it("a decision arriving before its events (missed webhooks) is applied from created", () => {
    expect(planChange(local(), inc(decision()))).toEqual({ apply: true, to: "approved", newAttempt: true });
  });

  it("duplicates change nothing", () => {
    const submitted = local({ status: "submitted", currentAttemptId: ATTEMPT, attemptIds: [ATTEMPT] });
    expect(planChange(submitted, inc(event(7002)))).toMatchObject({ apply: false, verdict: "duplicate" });
    const approved = local({ status: "approved", currentAttemptId: ATTEMPT, attemptIds: [ATTEMPT], lastDecision: { attemptId: ATTEMPT, status: "approved", decisionTime: "2019-11-06T07:18:36.916Z" } });
    expect(planChange(approved, inc(decision()))).toMatchObject({ apply: false, verdict: "duplicate" });
  });

  it("an older event after the decision changes nothing", () => {
    const approved = local({ status: "approved", currentAttemptId: ATTEMPT, attemptIds: [ATTEMPT], lastDecision: { attemptId: ATTEMPT, status: "approved", decisionTime: "2019-11-06T07:18:36.916Z" } });
    expect(planChange(approved, inc(event(7001)))).toMatchObject({ apply: false, verdict: "stale" });
    expect(planChange(approved, inc(event(7002)))).toMatchObject({ apply: false, verdict: "stale" });
  });

  it("a later decision overrides review; an earlier one does not", () => {
    const review = local({ status: "review", currentAttemptId: ATTEMPT, attemptIds: [ATTEMPT], lastDecision: { attemptId: ATTEMPT, status: "review", decisionTime: "2019-11-06T07:18:36.916Z" } });
    expect(planChange(review, inc(decision({ decisionTime: "2019-11-06T09:00:00.000Z" })))).toEqual({ apply: true, to: "approved", newAttempt: false });
    expect(planChange(review, inc(decision({ decisionTime: "2019-11-06T07:00:00.000Z", status: "declined", code: 9102, reasonCode: 102 })))).toMatchObject({ apply: false, verdict: "stale" });
  });

  it("a final decision stays final, whatever comes after", () => {
    const approved = local({ status: "approved", currentAttemptId: ATTEMPT, attemptIds: [ATTEMPT], lastDecision: { attemptId: ATTEMPT, status: "approved", decisionTime: "2019-11-06T07:18:36.916Z" } });
    expect(planChange(approved, inc(decision({ status: "review", code: 9121, decisionTime: "2019-11-07T00:00:00.000Z" })))).toMatchObject({ apply: false, verdict: "stale" });
  });

  it("resubmission: the new attempt's events and decision apply; the old attempt's late ones do not", () => {
    const NEXT = crypto.randomUUID();
    const resub = local({ status: "resubmission_requested", currentAttemptId: ATTEMPT, attemptIds: [ATTEMPT], lastDecision: { attemptId: ATTEMPT, status: "resubmission_requested", decisionTime: "2019-11-06T07:18:36.916Z" } });
    expect(planChange(resub, inc(event(7001, NEXT)))).toEqual({ apply: true, to: "started", newAttempt: true });
    expect(planChange(resub, inc(event(7002)))).toMatchObject({ apply: false, verdict: "stale" });
    expect(planChange(resub, inc(decision({ status: "approved", decisionTime: "2019-11-06T08:00:00.000Z" })))).toMatchObject({ apply: false, verdict: "stale" });
    const second = local({ status: "submitted", currentAttemptId: NEXT, attemptIds: [ATTEMPT, NEXT], lastDecision: resub.lastDecision });
    expect(planChange(second, inc(event(7002)))).toMatchObject({ apply: false, verdict: "stale", detail: expect.stringMatching(/earlier one/) });
    expect(planChange(second, inc(decision({ attemptId: NEXT, decisionTime: "2019-11-07T00:00:00.000Z" })))).toEqual({ apply: true, to: "approved", newAttempt: false });
  });

  it("expiry (9104) is applied as Veriff reports it", () => {
    expect(planChange(local(), inc(decision({ status: "expired", code: 9104, attemptId: null })))).toEqual({ apply: true, to: "expired", newAttempt: false });
    expect(planChange(local({ status: "started", currentAttemptId: ATTEMPT, attemptIds: [ATTEMPT] }), inc(decision({ status: "abandoned", code: 9104 })))).toEqual({ apply: true, to: "abandoned", newAttempt: false });
  });
});

describe("signatures over the raw body", () => {
  const secret = "f5d2b0c0-6b6a-4b8e-9d47-6f6b8e2d1c3a";
  const body = JSON.stringify(decision());

  it("X-HMAC-SIGNATURE: HMAC-SHA256 hex, lower or upper case; a changed byte or secret fails", () => {
    const sig = crypto.createHmac("sha256", secret).update(body).digest("hex");
    expect(hmacSignature(secret, body)).toBe(sig);
    expect(hmacMatches(secret, Buffer.from(body), sig)).toBe(true);
    expect(hmacMatches(secret, Buffer.from(body), sig.toUpperCase())).toBe(true);
    expect(hmacMatches(secret, Buffer.from(body + " "), sig)).toBe(false);
    expect(hmacMatches("other", Buffer.from(body), sig)).toBe(false);
    expect(hmacMatches(secret, Buffer.from(body), sig.slice(0, 63))).toBe(false);
    expect(hmacMatches(secret, Buffer.from(body), "z".repeat(64))).toBe(false);
  });

  it("legacy X-SIGNATURE: SHA-256 of payload then secret, not the other order, not the HMAC", () => {
    const sig = crypto.createHash("sha256").update(body + secret).digest("hex");
    expect(legacySignature(secret, body)).toBe(sig);
    expect(legacyMatches(secret, body, sig)).toBe(true);
    expect(legacyMatches(secret, body, crypto.createHash("sha256").update(secret + body).digest("hex"))).toBe(false);
    expect(legacyMatches(secret, body, hmacSignature(secret, body))).toBe(false);
  });

  it("API keys compare in constant time, any length", () => {
    expect(sameSecret("abc", "abc")).toBe(true);
    expect(sameSecret("abc", "abd")).toBe(false);
    expect(sameSecret("abc", "abcd")).toBe(false);
  });
});
