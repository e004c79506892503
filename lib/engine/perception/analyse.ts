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

export async function analyse(images: EngineImage[], opts: { required?: string[] } = {}): Promise<Perception> {
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

  // Document data: the MRZ, else a PDF417 barcode.
  const docs = decoded.filter((d) => isDocumentContext(d.image.context));
  let document: DocumentReading | null = null;
  let documentCheck: CheckResult;
  t = performance.now();
  // Right-angle turns of pictures that look sideways wait until the barcode has been tried (a licence back is not a turned passport).
  let mrz = docs.length ? await readMrz(docs, { turns: "later" }) : null;
  lap("mrz", t);
  if (mrz && mrz.check.result !== "inconclusive") {
    document = mrz.reading;
    documentCheck = mrz.check;
  } else {
    t = performance.now();
    const bc = docs.length ? await readBarcode(docs) : null;
    lap("barcode", t);
    if (!bc?.reading && mrz?.pending?.length) {
      t = performance.now();
      mrz = await readMrzTurned(mrz);
      lap("mrz", t);
    }
    if (bc && bc.reading) {
      document = bc.reading;
      documentCheck = bc.check;
    } else if (mrz && mrz.check.result !== "inconclusive") {
      document = mrz.reading;
      documentCheck = mrz.check;
    } else {
      document = mrz?.reading ?? null;
      documentCheck = mrz?.check ?? {
        name: "document",
        result: "inconclusive",
        score: null,
        evidence: { found: false, reason: docs.length ? "no machine-readable zone or barcode read" : "no document picture" },
        ms: 0,
      };
      if (bc) documentCheck = { ...documentCheck, evidence: { ...documentCheck.evidence, barcode: bc.check.evidence } };
    }
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
