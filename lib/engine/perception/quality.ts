/**
 * Picture quality: resolution, blur (variance of the Laplacian), exposure, glare; and the
 * required pictures that are missing. Computed in JS on a ~1000 px greyscale copy.
 */
import type { CheckResult, EngineImage } from "../types.ts";
import { fromWork, type Decoded } from "./image.ts";

export const QUALITY_SIZE = 1000;

/** Defaults, measured on the synthetic corpus (see test/engine-perception.test.ts). */
export const QUALITY_THRESHOLDS = {
  /** Shorter side of the picture as taken. */
  minShortSide: 480,
  /**
   * Variance of the Laplacian on the 1000 px copy after a sigma-1 Gaussian (which takes sensor
   * noise out of the measure: without it a noisy blurred photo scores like a sharp one). Synthetic
   * data pages: sharp 140-160, sigma 2.5 (px at 2000 px) ~40, sigma 4 ~12 (MRZ still read),
   * sigma 5 ~8 (MRZ lost). Selfies upscaled from small sources score 3-8.
   */
  minSharpness: { document: 10, face: 2 },
  /** Mean grey level: below is too dark, above is over-exposed. */
  minMean: 45,
  maxMean: 225,
  /** Share of pixels ≥ 250: above is glare (documents) / over-exposure. */
  maxSaturated: 0.2,
  /** Share of pixels ≤ 12: above (with a low mean) is too dark. */
  maxDark: 0.6,
};

export interface QualityMeasures {
  width: number;
  height: number;
  sharpness: number;
  mean: number;
  saturatedShare: number;
  darkShare: number;
}

export async function measure(d: Decoded): Promise<QualityMeasures> {
  const { data, info } = await fromWork(d)
    .resize({ width: QUALITY_SIZE, height: QUALITY_SIZE, fit: "inside", withoutEnlargement: true })
    .greyscale()
    .blur(1)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  const ch = info.channels;
  // sharp may keep 3 channels for greyscale(): read the first channel.
  const px = (x: number, y: number) => data[(y * w + x) * ch];
  let sum = 0;
  let saturated = 0;
  let dark = 0;
  for (let i = 0; i < w * h; i++) {
    const v = data[i * ch];
    sum += v;
    if (v >= 250) saturated++;
    if (v <= 12) dark++;
  }
  // 4-neighbour Laplacian, in JS on raw values (no 8-bit clipping). Mean and saturation are taken on the smoothed copy too (same within 1%).
  let lsum = 0;
  let lsq = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const l = px(x - 1, y) + px(x + 1, y) + px(x, y - 1) + px(x, y + 1) - 4 * px(x, y);
      lsum += l;
      lsq += l * l;
      n++;
    }
  }
  const lmean = n ? lsum / n : 0;
  return {
    width: d.width,
    height: d.height,
    sharpness: n ? lsq / n - lmean * lmean : 0,
    mean: sum / (w * h),
    saturatedShare: saturated / (w * h),
    darkShare: dark / (w * h),
  };
}

export function isFaceContext(context: string): boolean {
  return context === "face" || context.startsWith("face-") || context === "selfie";
}

export function judge(context: string, m: QualityMeasures, t = QUALITY_THRESHOLDS): Omit<CheckResult, "ms"> {
  const issues: string[] = [];
  const face = isFaceContext(context);
  const minSharp = face ? t.minSharpness.face : t.minSharpness.document;
  if (Math.min(m.width, m.height) < t.minShortSide) issues.push("low_resolution");
  if (m.sharpness < minSharp) issues.push("blurred");
  if (m.mean < t.minMean || (m.darkShare > t.maxDark && m.mean < t.minMean * 1.5)) issues.push("too_dark");
  if (m.mean > t.maxMean) issues.push("over_exposed");
  else if (!face && m.saturatedShare > t.maxSaturated) issues.push("glare");
  const round = (v: number, k = 1000) => Math.round(v * k) / k;
  // Score: the worst of the measures relative to its threshold, 0..1.
  const sharpScore = Math.min(1, m.sharpness / (minSharp * 2));
  const exposureScore = Math.min(1, Math.max(0, Math.min(m.mean - t.minMean * 0.5, t.maxMean + 25 - m.mean) / 60));
  const glareScore = Math.min(1, Math.max(0, 1 - m.saturatedShare / (t.maxSaturated * 2)));
  return {
    name: `image_quality.${context}`,
    result: issues.length ? "fail" : "pass",
    score: round(Math.min(sharpScore, exposureScore, glareScore), 100),
    evidence: {
      width: m.width,
      height: m.height,
      sharpness: round(m.sharpness, 10),
      meanBrightness: round(m.mean, 10),
      saturatedShare: round(m.saturatedShare),
      darkShare: round(m.darkShare),
      issues,
      thresholds: { minShortSide: t.minShortSide, minSharpness: minSharp, minMean: t.minMean, maxMean: t.maxMean, maxSaturated: t.maxSaturated },
    },
    ...(issues.length ? { reasonCode: 204 } : {}),
  };
}

export async function qualityCheck(d: Decoded): Promise<CheckResult> {
  const t0 = performance.now();
  const m = await measure(d);
  const j = judge(d.image.context, m);
  return { ...j, evidence: { mediaId: d.image.mediaId, ...j.evidence }, ms: Math.round(performance.now() - t0 + d.ms) };
}

export function undecodableCheck(image: EngineImage, message: string, format: string | null): CheckResult {
  return {
    name: `image_quality.${image.context}`,
    result: "inconclusive",
    score: null,
    evidence: { mediaId: image.mediaId, mimetype: image.mimetype, format, error: message },
    reasonCode: 204,
    ms: 0,
  };
}

const MISSING_CODES: Record<string, number> = { "document-front": 608, "document-back": 609, face: 605 };

/** A failed check per required context that has no picture. */
export function missingPictures(images: EngineImage[], required: string[]): CheckResult[] {
  const have = new Set(images.map((i) => i.context));
  return required
    .filter((c) => !have.has(c))
    .map((c) => ({
      name: `image_quality.missing.${c}`,
      result: "fail" as const,
      score: null,
      evidence: { missing: c, received: [...have] },
      reasonCode: MISSING_CODES[c] ?? 201,
      ms: 0,
    }));
}
