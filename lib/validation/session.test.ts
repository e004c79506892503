import { describe, expect, it } from "vitest";
import { isDomainError } from "../errors.ts";
import { parseCreateSession } from "./session.ts";

const failure = (json: unknown) => {
  try {
    parseCreateSession(json);
  } catch (e) {
    if (isDomainError(e, "invalid_input")) return { code: e.veriffCode, field: e.field, status: e.httpStatus };
    throw e;
  }
  return null;
};

describe("createSessionBody: one schema whose issues carry Veriff's codes", () => {
  it("reports the codes Veriff reports first before a malformed field, and gender/lang last", () => {
    // A malformed first name (1104) and a bad document number (2102): Veriff names the document number.
    expect(failure({ verification: { person: { firstName: 7 }, document: { number: "!!" } } })).toEqual({ code: "2102", field: "document.number", status: 400 });
    // vendorData's own code comes before the callback's.
    expect(failure({ verification: { callback: "http://example.com", vendorData: 1 } })).toEqual({ code: "1501", field: "vendorData", status: 400 });
    // A malformed field comes before gender's format.
    expect(failure({ verification: { person: { gender: "X" }, consents: "yes" } })).toMatchObject({ code: "1104", field: "consents" });
    expect(failure({ verification: { person: { gender: "X" } } })).toMatchObject({ code: "1104", field: "person.gender" });
  });
  it("refuses a missing or non-object verification with 1102 / 1104", () => {
    expect(failure({})).toMatchObject({ code: "1102", field: "verification" });
    expect(failure([])).toMatchObject({ code: "1102" });
    expect(failure({ verification: [] })).toMatchObject({ code: "1104", field: "verification" });
  });
  it("infers the stored shape: unknown fields dropped, endUserId lower-cased, empty objects null", () => {
    const d = parseCreateSession({ verification: { person: { firstName: "Ann", shoeSize: 42 }, document: {}, endUserId: "0B5F0C1E-7A3D-4C2B-9E8F-1A2B3C4D5E6F", lang: "et" } });
    expect(d).toEqual({ callback: null, person: { firstName: "Ann" }, document: null, address: null, vendorData: null, endUserId: "0b5f0c1e-7a3d-4c2b-9e8f-1a2b3c4d5e6f", consents: null, lang: "et" });
  });
});
