import { describe, expect, it } from "vitest";
import { decide, rules } from "./decide.ts";
import type { CheckResult } from "./types.ts";

const c = (name: string, result: CheckResult["result"], reasonCode?: number, summary?: string): CheckResult => ({
  name,
  result,
  score: null,
  evidence: { summary: summary ?? `${name} ${result}` },
  ...(reasonCode ? { reasonCode } : {}),
  ms: 0,
});

/** A session where everything passed. */
const passing = () => [
  c("image_quality.document-front", "pass"),
  c("image_quality.face", "pass"),
  c("mrz", "pass"),
  c("document_validity.expiry", "pass"),
  c("document_validity.accepted", "pass"),
  c("consistency.name", "pass"),
  c("face.selfie", "pass"),
  c("face.portrait", "pass"),
  c("face.match", "pass"),
  c("duplicates.document", "pass"),
];
const withCheck = (x: CheckResult) => passing().map((p) => (p.name === x.name ? x : p)).concat(passing().some((p) => p.name === x.name) ? [] : [x]);
const on = { reviewEnabled: true };
const off = { reviewEnabled: false };

describe("decide", () => {
  it("approves 9001 when every check passes", () => {
    expect(decide(passing(), on)).toMatchObject({ status: "approved", code: 9001, reasonCode: null, rule: "all_pass" });
  });

  it("asks for a resubmission with the quality check's reason (204 blurred, 608 front missing)", () => {
    expect(decide(withCheck(c("image_quality.document-front", "fail", 204, "Blurred")), on)).toMatchObject({ status: "resubmission_requested", code: 9103, reasonCode: 204, rule: "picture_unusable", summary: "Blurred" });
    expect(decide(withCheck(c("image_quality.document-front", "fail", 608)), on)).toMatchObject({ reasonCode: 608 });
    expect(decide(withCheck(c("image_quality.face", "fail")), on)).toMatchObject({ status: "resubmission_requested", reasonCode: 204 });
  });

  it("asks for a new selfie when it has no face (605) or several (641)", () => {
    expect(decide(withCheck(c("face.selfie", "fail", 605)), on)).toMatchObject({ status: "resubmission_requested", reasonCode: 605 });
    expect(decide(withCheck(c("face.selfie", "fail", 641)), on)).toMatchObject({ reasonCode: 641 });
  });

  it("a bad picture wins over what was misread from it", () => {
    const checks = withCheck(c("image_quality.document-front", "fail", 204)).map((x) => (x.name === "mrz" ? c("mrz", "fail", 102) : x));
    expect(decide(checks, on)).toMatchObject({ status: "resubmission_requested", reasonCode: 204 });
  });

  it("declines 102 on a check-digit failure", () => {
    expect(decide(withCheck(c("mrz", "fail")), on)).toMatchObject({ status: "declined", code: 9102, reasonCode: 102, rule: "document_tampered" });
    expect(decide(withCheck(c("barcode", "fail")), on)).toMatchObject({ status: "declined", reasonCode: 102 });
  });

  it("declines 104 when the name differs", () => {
    expect(decide(withCheck(c("consistency.name", "fail", 104)), on)).toMatchObject({ status: "declined", reasonCode: 104, rule: "name_mismatch" });
  });

  it("declines duplicates with the check's reason: 110 document, 108 face / end-user, 107 velocity", () => {
    expect(decide(withCheck(c("duplicates.document", "fail", 110)), on)).toMatchObject({ status: "declined", reasonCode: 110, rule: "duplicate" });
    expect(decide(withCheck(c("duplicates.face", "fail", 108)), on)).toMatchObject({ reasonCode: 108 });
    expect(decide(withCheck(c("velocity.document", "fail", 107)), on)).toMatchObject({ reasonCode: 107 });
  });

  it("declines 103 only when the face check failed (below the low threshold)", () => {
    expect(decide(withCheck(c("face.match", "fail", 103)), on)).toMatchObject({ status: "declined", reasonCode: 103, rule: "face_mismatch" });
  });

  it("sends the face band between the thresholds to review, with the reason in one line", () => {
    const d = decide(withCheck(c("face.match", "inconclusive", undefined, "Face similarity 0.52, below 0.60.")), on);
    expect(d).toMatchObject({ status: "review", code: 9121, rule: "unsure", checks: ["face.match"] });
    expect(d.summary).toBe("Face similarity 0.52, below 0.60.");
  });

  it("leaves an unsure session submitted when the integration has no review status", () => {
    expect(decide(withCheck(c("face.match", "inconclusive")), off)).toMatchObject({ status: "submitted", code: null, rule: "unsure" });
  });

  it("asks for a resubmission 207 when the document expired", () => {
    expect(decide(withCheck(c("document_validity.expiry", "fail", 207)), on)).toMatchObject({ status: "resubmission_requested", code: 9103, reasonCode: 207, rule: "document_expired" });
  });

  it("asks for a resubmission 206 when the document is not the one accepted", () => {
    expect(decide(withCheck(c("document_validity.accepted", "fail", 206)), on)).toMatchObject({ status: "resubmission_requested", reasonCode: 206 });
  });

  it("declines before asking again: an expired document under another name is declined 104", () => {
    const checks = withCheck(c("document_validity.expiry", "fail", 207)).map((x) => (x.name === "consistency.name" ? c("consistency.name", "fail", 104) : x));
    expect(decide(checks, on)).toMatchObject({ status: "declined", reasonCode: 104 });
  });

  it("no document data: resubmission 204 from doubtful pictures, review from good ones", () => {
    const unread = withCheck(c("mrz", "inconclusive"));
    expect(decide(unread, on)).toMatchObject({ status: "review" });
    expect(decide(unread.concat(c("image_quality.document-back", "inconclusive")), on)).toMatchObject({ status: "resubmission_requested", reasonCode: 204, rule: "document_unreadable" });
  });

  it("never approves without a document check or a face comparison", () => {
    expect(decide(passing().filter((x) => x.name !== "mrz"), on).status).toBe("review");
    expect(decide(passing().filter((x) => x.name !== "face.match"), on).status).toBe("review");
    expect(decide([], off).status).toBe("submitted");
  });

  it("sends other failures without a rule (date of birth, underage) to review", () => {
    expect(decide(withCheck(c("consistency.date_of_birth", "fail")), on)).toMatchObject({ status: "review" });
    expect(decide(withCheck(c("age.minimum", "fail")), on)).toMatchObject({ status: "review" });
  });

  it("uses the rule's reason when a check's reason is of the wrong kind", () => {
    expect(decide(withCheck(c("mrz", "fail", 204)), on)).toMatchObject({ status: "declined", reasonCode: 102 });
    expect(decide(withCheck(c("image_quality.face", "fail", 102)), on)).toMatchObject({ status: "resubmission_requested", reasonCode: 204 });
  });

  it("every rule has an id and a text", () => {
    for (const r of rules) expect(r.id && r.text).toBeTruthy();
  });
});
