/**
 * The verification engine's contract between perception (lib/engine/perception/: pixels in,
 * readings out, no database) and the pipeline (jobs, rules, decision, report: lib/engine/*).
 */

export type CheckOutcome = "pass" | "fail" | "inconclusive";

/** One check's verdict: what it found, how sure it is, and what it saw. */
export interface CheckResult {
  /** e.g. "image_quality.document-front", "mrz", "barcode", "face.match", "document_validity". */
  name: string;
  result: CheckOutcome;
  /** 0..1 where the check has a score (sharpness, similarity...), else null. */
  score: number | null;
  /** Values a reviewer can read: measured numbers, the read MRZ lines, thresholds used. JSON only. */
  evidence: Record<string, unknown>;
  /** Reason code the rules may use when this check fails (Veriff's, shared/veriff-api.md §4.2). */
  reasonCode?: number;
  ms: number;
}

/** A picture as the pipeline hands it to perception. */
export interface EngineImage {
  mediaId: string;
  /** "document-front" | "document-back" | "face" | ... (Veriff's media contexts). */
  context: string;
  mimetype: string;
  bytes: Uint8Array;
}

/** Identity data read off the document (MRZ or AAMVA barcode), Veriff's field names. */
export interface DocumentReading {
  source: "mrz" | "barcode";
  /** MRZ format when source is mrz. */
  format?: "TD1" | "TD2" | "TD3";
  /** The raw text read (MRZ lines, or the barcode's data elements), for the report. */
  raw: string[];
  /** Every check digit valid (MRZ) / mandatory elements present (barcode). */
  valid: boolean;
  /** Per-field validity, e.g. { documentNumber: true, birthDate: false, composite: true }. */
  checks: Record<string, boolean>;
  documentType: "PASSPORT" | "ID_CARD" | "RESIDENCE_PERMIT" | "DRIVERS_LICENSE" | null;
  /** ISO 3166-1 alpha-3 as printed (e.g. "EST", "D<<" normalised to "DEU"), and alpha-2 where mapped. */
  issuingCountry: string | null;
  issuingCountryAlpha2: string | null;
  nationality: string | null;
  nationalityAlpha2: string | null;
  documentNumber: string | null;
  personalNumber: string | null;
  lastName: string | null;
  firstName: string | null;
  /** YYYY-MM-DD (century resolved: birth in the past, expiry in the future window). */
  dateOfBirth: string | null;
  expiryDate: string | null;
  issueDate: string | null;
  sex: "M" | "F" | null;
  /**
   * Fields read but not protected by a check digit and in doubt (e.g. ["lastName", "firstName"]:
   * low OCR confidence, a repaired filler run, two reads that disagree). Absent when none: a name
   * mismatch on an uncertain name is a case for review rather than a 104 decline.
   */
  uncertainFields?: string[];
}

export interface FaceReading {
  /** Faces found in the picture. */
  count: number;
  /** The largest face's detector confidence 0..1. */
  confidence: number | null;
  /** Bounding box of the largest face in the picture's pixels (after EXIF rotation). */
  box: { x: number; y: number; width: number; height: number } | null;
  /** The largest face's embedding (unit length), for matching and duplicate search. */
  embedding: number[] | null;
  /** A JPEG crop of the largest face, base64, for the report (small, ≤ 160 px). */
  cropJpegBase64: string | null;
  estimatedAge: number | null;
  /** Weak signal only (shared/engine.md): human's antispoof/liveness, 0..1. */
  liveness: number | null;
}

/** Everything perception reads from one attempt's pictures. */
export interface Perception {
  /** One per picture: resolution, blur, exposure, glare (+ a missing-picture check per required context). */
  quality: CheckResult[];
  /** The document data, from the first picture that yields it; null when nothing was read. */
  document: DocumentReading | null;
  /** The MRZ / barcode reading as a check (pass: read and valid, fail: read with bad check digits, inconclusive: nothing read). */
  documentCheck: CheckResult;
  selfie: FaceReading | null;
  documentPortrait: FaceReading | null;
  /** Cosine similarity of selfie and document portrait embeddings, 0..1, null when either is missing. */
  faceSimilarity: number | null;
  timings: Record<string, number>;
}
