// Perception values built by hand, to test the pipeline's rules, jobs and decisions on a real
// database without the image models (the end-to-end tests run the real perception).
import type { CheckResult, DocumentReading, FaceReading, Perception } from "../../lib/engine/types.ts";

/** A unit vector from a seed (mulberry32): different seeds give near-orthogonal vectors. */
export function unitEmbedding(seed: number, n = 64): number[] {
  let a = seed * 0x9e3779b9;
  const rnd = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  const v = Array.from({ length: n }, rnd);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

export const reading = (over: Partial<DocumentReading> = {}): DocumentReading => ({
  source: "mrz",
  format: "TD3",
  raw: ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F3012315ZE184226B<<<<<10"],
  valid: true,
  checks: { documentNumber: true, birthDate: true, expirationDate: true, composite: true },
  documentType: "PASSPORT",
  issuingCountry: "UTO",
  issuingCountryAlpha2: null,
  nationality: "UTO",
  nationalityAlpha2: null,
  documentNumber: "L898902C3",
  personalNumber: "ZE184226B",
  lastName: "ERIKSSON",
  firstName: "ANNA MARIA",
  dateOfBirth: "1974-08-12",
  expiryDate: "2030-12-31",
  issueDate: null,
  sex: "F",
  ...over,
});

const face = (embedding: number[] | null, over: Partial<FaceReading> = {}): FaceReading => ({
  count: 1,
  confidence: 0.95,
  box: { x: 10, y: 10, width: 100, height: 100 },
  embedding,
  cropJpegBase64: null,
  estimatedAge: 41.6,
  liveness: 0.7,
  ...over,
});

const ok = (name: string): CheckResult => ({ name, result: "pass", score: 0.9, evidence: { summary: `${name} fine` }, ms: 1 });

export function perception(over: { document?: DocumentReading | null; documentCheck?: Partial<CheckResult>; similarity?: number | null; quality?: CheckResult[]; selfieSeed?: number; selfie?: FaceReading | null } = {}): Perception {
  const doc = over.document === undefined ? reading() : over.document;
  return {
    quality: over.quality ?? [ok("image_quality.document-front"), ok("image_quality.document-back"), ok("image_quality.face")],
    document: doc,
    documentCheck: { name: "mrz", result: doc ? "pass" : "inconclusive", score: doc ? 1 : null, evidence: { summary: doc ? "MRZ read, check digits valid." : "No MRZ found." }, ms: 5, ...over.documentCheck },
    selfie: over.selfie === undefined ? face(unitEmbedding(over.selfieSeed ?? 1)) : over.selfie,
    documentPortrait: face(unitEmbedding(over.selfieSeed ?? 1)),
    faceSimilarity: over.similarity === undefined ? 0.82 : over.similarity,
    timings: { quality: 100, mrz: 900, face: 400 },
  };
}
