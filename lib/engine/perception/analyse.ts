/**
 * Perception: pixels in, readings out (lib/engine/types.ts). No database, nothing Next-specific:
 * runs in a plain Node process or a worker thread. Models load once per process (warmUp) from
 * node_modules; nothing is fetched.
 *
 * Per session: one decode per picture (EXIF-rotated working copy), quality on a 1000 px copy,
 * the MRZ on the document pictures (960 px detection, recognition of MRZ-shaped lines only),
 * the PDF417 barcode only when no MRZ was read, one face pass per picture.
 */
import type { CheckResult, DocumentReading, EngineImage, FaceReading, Perception } from "../types.ts";
import { readBarcode } from "./barcode.ts";
import { faceModels, readFace } from "./face.ts";
import { decode, UndecodableImage, type Decoded } from "./image.ts";
import { readMrz, readMrzTurned } from "./mrz.ts";
import { ocrModels } from "./ocr.ts";
import { isFaceContext, missingPictures, qualityCheck, undecodableCheck } from "./quality.ts";

let warming: Promise<void> | null = null;

/** Loads the OCR and face models (once per process; later calls return the same promise). */
export function warmUp(): Promise<void> {
  if (!warming) {
    warming = (async () => {
      await ocrModels();
      await faceModels();
    })();
    warming.catch(() => {
      warming = null;
    });
  }
  return warming;
}

function isDocumentContext(context: string): boolean {
  return context.startsWith("document");
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (!na || !nb) return 0;
  return Math.max(0, Math.min(1, dot / Math.sqrt(na * nb)));
}

export { cosine as faceSimilarity };

export interface AnalyseOptions {
  /** Contexts that must have a picture: a failed check (608/609/605/201) for each one missing. */
  required?: string[];
  /** The document type the session asked for, if any: a driving licence has its barcode read first. */
  documentType?: DocumentReading["documentType"] | string | null;
}

export async function analyse(images: EngineImage[], opts: AnalyseOptions = {}): Promise<Perception> {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const lap = (key: string, since: number) => {
    timings[key] = Math.round((timings[key] ?? 0) + performance.now() - since);
  };

  let t = performance.now();
  await warmUp();
  lap("warmUp", t);

  // Decode every picture once.
  t = performance.now();
  const quality: CheckResult[] = [];
  const decoded: Decoded[] = [];
  for (const image of images) {
    try {
      decoded.push(await decode(image));
    } catch (e) {
      const err = e instanceof UndecodableImage ? e : new UndecodableImage(String((e as Error)?.message ?? e), null);
      quality.push(undecodableCheck(image, err.message, err.format));
    }
  }
  lap("decode", t);

  t = performance.now();
  for (const d of decoded) quality.push(await qualityCheck(d));
  quality.push(...missingPictures(images, opts.required ?? []));
  lap("quality", t);

  // Document data: the MRZ, else a PDF417 barcode (first when the session asked for a driving licence).
  const docs = decoded.filter((d) => isDocumentContext(d.image.context));
  let document: DocumentReading | null = null;
  let documentCheck: CheckResult | null = null;
  type Barcode = Awaited<ReturnType<typeof readBarcode>>;
  let bc: Barcode | null = null;
  const tryBarcode = async () => {
    const tb = performance.now();
    // Pictures that failed quality are tried upright only: the rotations cost ~0.25 s each and rarely rescue them.
    const poor = new Set(quality.filter((q) => q.result === "fail").map((q) => (q.evidence as { mediaId?: string }).mediaId).filter((m): m is string => !!m));
    bc = await readBarcode(docs, { quick: poor });
    lap("barcode", tb);
    return bc;
  };
  if (docs.length && opts.documentType === "DRIVERS_LICENSE") {
    const first = await tryBarcode();
    if (first.reading) {
      document = first.reading;
      documentCheck = first.check;
    }
  }
  if (!documentCheck && docs.length) {
    t = performance.now();
    // Right-angle turns of pictures that look sideways wait until the barcode has been tried (a licence back is not a turned passport).
    let mrz = await readMrz(docs, { turns: "later" });
    lap("mrz", t);
    if (mrz.check.result === "inconclusive") {
      const barcode: Barcode = bc ?? (await tryBarcode());
      if (barcode.reading) {
        document = barcode.reading;
        documentCheck = barcode.check;
      } else if (mrz.pending?.length) {
        t = performance.now();
        mrz = await readMrzTurned(mrz);
        lap("mrz", t);
      }
    }
    if (!documentCheck) {
      document = mrz.reading;
      documentCheck = mrz.check;
      const barcode = bc as Barcode | null;
      if (mrz.check.result === "inconclusive" && barcode) documentCheck = { ...documentCheck, evidence: { ...documentCheck.evidence, barcode: barcode.check.evidence } };
    }
  }
  if (!documentCheck) {
    documentCheck = { name: "document", result: "inconclusive", score: null, evidence: { found: false, reason: "no document picture" }, ms: 0 };
  }

  // Faces: the selfie, and the portrait on the document (front first).
  t = performance.now();
  let selfie: FaceReading | null = null;
  let documentPortrait: FaceReading | null = null;
  const selfieImage = decoded.find((d) => isFaceContext(d.image.context));
  if (selfieImage) selfie = await readFace(selfieImage, { crop: true });
  const portraitOrder = [...docs].sort((a, b) => (a.image.context === "document-front" ? -1 : 0) - (b.image.context === "document-front" ? -1 : 0));
  for (const d of portraitOrder) {
    const f = await readFace(d, { crop: true });
    if (f.count > 0) {
      documentPortrait = f;
      break;
    }
    if (!documentPortrait) documentPortrait = f;
  }
  lap("faces", t);
  const faceSimilarity = selfie?.embedding && documentPortrait?.embedding ? Math.round(cosine(selfie.embedding, documentPortrait.embedding) * 1000) / 1000 : null;

  timings.total = Math.round(performance.now() - t0);
  return { quality, document, documentCheck, selfie, documentPortrait, faceSimilarity, timings };
}
