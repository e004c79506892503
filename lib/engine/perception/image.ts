/**
 * Decodes a picture once (EXIF rotation applied) into a working copy that every check reuses.
 * sharp shrinks JPEGs while decoding, so a 12 MP photo costs ~100 ms here instead of a full decode.
 */
import sharp, { type Sharp, type Metadata } from "sharp";
import type { EngineImage } from "../types.ts";

/** Long side of the working copy: enough for the MRZ (~45 px per character line) and the face. */
export const WORK_SIZE = 2048;

export interface Decoded {
  image: EngineImage;
  /** Size of the picture as taken (after EXIF rotation). */
  width: number;
  height: number;
  format: string;
  /** RGB working copy, long side ≤ WORK_SIZE, 3 channels. */
  rgb: Buffer;
  workWidth: number;
  workHeight: number;
  ms: number;
}

export class UndecodableImage extends Error {
  constructor(
    message: string,
    readonly format: string | null,
  ) {
    super(message);
  }
}

function sniff(bytes: Uint8Array): string | null {
  if (bytes.length > 12 && bytes[4] === 0x66 && bytes[5] === 0x74 && bytes[6] === 0x79 && bytes[7] === 0x70) {
    const brand = Buffer.from(bytes.subarray(8, 12)).toString("latin1");
    if (/^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(brand)) return "heic";
    if (/^avi[fs]$/.test(brand)) return "avif";
  }
  return null;
}

type HeicDecode = (o: { buffer: Uint8Array }) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
let heicDecode: Promise<HeicDecode> | null = null;

/** heic-decode (libheif compiled to wasm), loaded on the first HEIC picture only. */
function loadHeic(): Promise<HeicDecode> {
  if (!heicDecode) {
    heicDecode = import("heic-decode").then((m) => ((m as { default?: HeicDecode }).default ?? (m as unknown as HeicDecode)));
    heicDecode.catch(() => {
      heicDecode = null;
    });
  }
  return heicDecode;
}

export async function decode(image: EngineImage): Promise<Decoded> {
  const t0 = performance.now();
  let input = sharp(image.bytes, { failOn: "none", limitInputPixels: 80_000_000 });
  let meta: Metadata;
  try {
    meta = await input.metadata();
  } catch (e) {
    const sniffed = sniff(image.bytes);
    if (sniffed !== "heic") throw new UndecodableImage(`cannot decode picture: ${(e as Error).message}`, sniffed);
    meta = { format: "heif" } as Metadata;
  }
  let format: string = meta.format ?? "unknown";
  if (format === "heif" && sniff(image.bytes) === "heic") {
    // sharp's prebuilt libvips has no HEVC decoder: heic-decode (wasm, ~3 s per 12 MP).
    let out: Awaited<ReturnType<HeicDecode>>;
    try {
      out = await (await loadHeic())({ buffer: image.bytes });
    } catch (e) {
      throw new UndecodableImage(`HEIC picture could not be decoded: ${(e as Error).message}`, "heic");
    }
    input = sharp(Buffer.from(out.data.buffer), { raw: { width: out.width, height: out.height, channels: 4 } });
    meta = { width: out.width, height: out.height, format: "heif" } as Metadata;
    format = "heic";
  }
  // EXIF orientations 5-8 swap width and height.
  const swap = (meta.orientation ?? 1) >= 5;
  const width = (swap ? meta.height : meta.width) ?? 0;
  const height = (swap ? meta.width : meta.height) ?? 0;
  try {
    const { data, info } = await input
      .rotate()
      .resize({ width: WORK_SIZE, height: WORK_SIZE, fit: "inside", withoutEnlargement: true })
      .removeAlpha()
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { image, width: width || info.width, height: height || info.height, format, rgb: data, workWidth: info.width, workHeight: info.height, ms: performance.now() - t0 };
  } catch (e) {
    throw new UndecodableImage(`cannot decode picture: ${(e as Error).message}`, format);
  }
}

/** The working copy (or a resized version of it) as a sharp pipeline. */
export function fromWork(d: Decoded): Sharp {
  return sharp(d.rgb, { raw: { width: d.workWidth, height: d.workHeight, channels: 3 } });
}
