import { describe, expect, it } from "vitest";
import type { DocumentReading, Perception } from "../lib/engine/types.ts";
import { compareName, mrzForms } from "../lib/engine/checks/names.ts";
import { checkDocumentAccepted, checkExpiry } from "../lib/engine/checks/document-validity.ts";
import { ageOn, checkDateOfBirth, checkDocumentNumber, checkIdNumber, checkMinimumAge, checkName, mrzNameFieldFull } from "../lib/engine/checks/consistency.ts";
import { checkFaceMatch, checkPortrait, checkSelfie } from "../lib/engine/checks/face.ts";
import { engineDefaults, engineSettingsInput, parseEngineSettings } from "../lib/engine/settings.ts";

const reading = (over: Partial<DocumentReading> = {}): DocumentReading => ({
  source: "mrz",
  format: "TD3",
  raw: ["P<DEUMUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<", "C01X00T478DEU6408125F3010316<<<<<<<<<<<<<<<4"],
  valid: true,
  checks: {},
  documentType: "PASSPORT",
  issuingCountry: "DEU",
  issuingCountryAlpha2: "DE",
  nationality: "DEU",
  nationalityAlpha2: "DE",
  documentNumber: "C01X00T47",
  personalNumber: null,
  lastName: "MUSTERMANN",
  firstName: "ERIKA",
  dateOfBirth: "1964-08-12",
  expiryDate: "2030-10-31",
  issueDate: null,
  sex: "F",
  ...over,
});
const now = new Date("2026-12-01T10:00:00Z");
const settings = { ...engineDefaults };

describe("names", () => {
  it("transliterates as ICAO 9303 does, and accepts the plain form", () => {
    expect(mrzForms("Jürgen Groß")).toContain("JUERGEN GROSS");
    expect(mrzForms("Jürgen")).toContain("JURGEN");
    expect(mrzForms("Søren")).toEqual(expect.arrayContaining(["SOEREN", "SOREN"]));
    expect(mrzForms("Ægir Þórsson")).toContain("AEGIR THORSSON");
    expect(mrzForms("José-María O'Neill")).toContain("JOSE MARIA O NEILL");
  });

  it("compares tolerantly", () => {
    expect(compareName("erika", "ERIKA")).toBe("exact");
    expect(compareName("Müller", "MUELLER")).toBe("equivalent");
    expect(compareName("Müller", "MULLER")).toBe("equivalent");
    expect(compareName("Straße", "STRASSE")).toMatch(/^(exact|equivalent)$/);
    expect(compareName("Øster", "OSTER")).toBe("equivalent");
    expect(compareName("Anna", "ANNA MARIA")).toBe("subset");
    expect(compareName("Alexandrina", "ALEXAND", { fieldFull: true })).toBe("truncated");
    expect(compareName("Alexandrina", "ALEXAND", { fieldFull: false })).toBe("different");
    expect(compareName("Mustermann", "MUSTERMAN")).toBe("close");
    expect(compareName("Schmidt", "MUSTERMANN")).toBe("different");
  });
});

describe("document validity", () => {
  it("expired before today → fail 207; today is still valid; no expiry → inconclusive", () => {
    expect(checkExpiry(reading({ expiryDate: "2026-11-30" }), now)).toMatchObject({ result: "fail", reasonCode: 207 });
    expect(checkExpiry(reading({ expiryDate: "2026-12-01" }), now)).toMatchObject({ result: "pass" });
    expect(checkExpiry(reading({ expiryDate: null }), now).result).toBe("inconclusive");
    expect(checkExpiry(null, now).result).toBe("inconclusive");
  });

  it("type and country against the session's request and the integration's list", () => {
    expect(checkDocumentAccepted(reading(), null, settings).result).toBe("pass");
    expect(checkDocumentAccepted(reading(), { type: "ID_CARD" }, settings)).toMatchObject({ result: "fail", reasonCode: 206 });
    expect(checkDocumentAccepted(reading(), { type: "PASSPORT", country: "EE" }, settings)).toMatchObject({ result: "fail", reasonCode: 206 });
    expect(checkDocumentAccepted(reading(), { type: "PASSPORT", country: "de" }, settings).result).toBe("pass");
    expect(checkDocumentAccepted(reading(), null, { ...settings, acceptedDocumentTypes: ["ID_CARD"] }).result).toBe("fail");
    expect(checkDocumentAccepted(reading(), null, { ...settings, acceptedCountries: ["EE", "DE"] }).result).toBe("pass");
    expect(checkDocumentAccepted(reading({ issuingCountryAlpha2: null }), null, { ...settings, acceptedCountries: ["EE"] }).result).toBe("inconclusive");
  });
});

describe("consistency", () => {
  it("name: pass, fail 104, or a near miss for a person", () => {
    expect(checkName({ firstName: "Erika", lastName: "Mustermann" }, reading())?.result).toBe("pass");
    expect(checkName({ firstName: "Erika", lastName: "Schmidt" }, reading())).toMatchObject({ result: "fail", reasonCode: 104 });
    expect(checkName({ firstName: "Erika", lastName: "Mustermanm" }, reading())?.result).toBe("inconclusive");
    expect(checkName({}, reading())).toBeNull();
    expect(checkName({ lastName: "X" }, null)?.result).toBe("inconclusive");
  });

  it("name truncated in a full MRZ name field", () => {
    const full = reading({ raw: ["P<DEUHOFFMANN<SCHWARZENBERG<<MAXIMILIANE<ALE", "x"], lastName: "HOFFMANN SCHWARZENBERG", firstName: "MAXIMILIANE ALE" });
    expect(mrzNameFieldFull(full)).toBe(true);
    expect(checkName({ firstName: "Maximiliane Alexandra", lastName: "Hoffmann-Schwarzenberg" }, full)?.result).toBe("pass");
    expect(mrzNameFieldFull(reading())).toBe(false);
  });

  it("date of birth, id number, document number", () => {
    expect(checkDateOfBirth({ dateOfBirth: "1964-08-12" }, reading())?.result).toBe("pass");
    expect(checkDateOfBirth({ dateOfBirth: "1964-08-13" }, reading())?.result).toBe("fail");
    expect(checkDateOfBirth({}, reading())).toBeNull();
    expect(checkIdNumber({ idNumber: "38001085718" }, reading({ personalNumber: "38001085718" }))?.result).toBe("pass");
    expect(checkIdNumber({ idNumber: "38001085718" }, reading({ personalNumber: "49001085718" }))?.result).toBe("fail");
    expect(checkIdNumber({ idNumber: "1" }, reading())?.result).toBe("inconclusive");
    expect(checkDocumentNumber("c01x00t47", reading())?.result).toBe("pass");
    expect(checkDocumentNumber("C01X00T48", reading())?.result).toBe("fail");
  });

  it("minimum age from the date of birth read, with an injected clock", () => {
    expect(ageOn("2008-12-01", now)).toBe(18);
    expect(ageOn("2008-12-02", now)).toBe(17);
    expect(checkMinimumAge(18, reading({ dateOfBirth: "2008-12-02" }), now)).toMatchObject({ result: "fail" });
    expect(checkMinimumAge(18, reading(), now)?.result).toBe("pass");
    expect(checkMinimumAge(null, reading(), now)).toBeNull();
    expect(checkMinimumAge(18, null, now)?.result).toBe("inconclusive");
  });
});

describe("face", () => {
  const face = (count: number) => ({ count, confidence: 0.9, box: null, embedding: null, cropJpegBase64: null, estimatedAge: 30, liveness: 0.5 });
  const p = (over: Partial<Perception>): Perception => ({ quality: [], document: null, documentCheck: { name: "mrz", result: "pass", score: 1, evidence: {}, ms: 0 }, selfie: face(1), documentPortrait: face(1), faceSimilarity: 0.7, timings: {}, ...over });
  it("selfie: none 605, several 641", () => {
    expect(checkSelfie(p({ selfie: face(0) }))).toMatchObject({ result: "fail", reasonCode: 605 });
    expect(checkSelfie(p({ selfie: null }))).toMatchObject({ result: "fail", reasonCode: 605 });
    expect(checkSelfie(p({ selfie: face(2) }))).toMatchObject({ result: "fail", reasonCode: 641 });
    expect(checkSelfie(p({})).result).toBe("pass");
    expect(checkPortrait(p({ documentPortrait: null })).result).toBe("inconclusive");
  });
  it("match: pass at the high threshold, fail 103 below the low one, review between", () => {
    const s = { ...settings, faceMatchHigh: 0.6, faceMatchLow: 0.35 };
    expect(checkFaceMatch(p({ faceSimilarity: 0.6 }), s).result).toBe("pass");
    expect(checkFaceMatch(p({ faceSimilarity: 0.34 }), s)).toMatchObject({ result: "fail", reasonCode: 103 });
    const band = checkFaceMatch(p({ faceSimilarity: 0.52 }), s);
    expect(band.result).toBe("inconclusive");
    expect(band.evidence.summary).toBe("Face similarity 0.52, below 0.60.");
    expect(checkFaceMatch(p({ faceSimilarity: null }), s).result).toBe("inconclusive");
  });
});

describe("settings", () => {
  it("stored JSON falls back per field to the defaults", () => {
    expect(parseEngineSettings(null)).toEqual(engineDefaults);
    expect(parseEngineSettings({ minAge: 21, faceMatchHigh: "x" })).toMatchObject({ minAge: 21, faceMatchHigh: engineDefaults.faceMatchHigh });
    expect(parseEngineSettings({ faceMatchLow: 0.9, faceMatchHigh: 0.5 })).toMatchObject({ faceMatchLow: engineDefaults.faceMatchLow, faceMatchHigh: engineDefaults.faceMatchHigh });
  });
  it("admin input names the wrong field", () => {
    const r = engineSettingsInput.safeParse({ faceMatchHigh: "0.5", faceMatchLow: "0.7" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["faceMatchLow"]);
    expect(engineSettingsInput.parse({ acceptedCountries: "ee, de", minAge: "" })).toMatchObject({ acceptedCountries: ["EE", "DE"], minAge: null });
    expect(engineSettingsInput.safeParse({ acceptedCountries: "EST" }).success).toBe(false);
  });
});
