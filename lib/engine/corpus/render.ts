/**
 * Renders synthetic identity documents (SVG through sharp/librsvg, text in OCR-B through
 * sharp's Pango text input with the font file in ./fonts) and "photographs" them.
 */
import sharp, { type Sharp, type OverlayOptions } from "sharp";
import { loadFace, OCR_B_FONT, type FaceRef } from "./faces.ts";

/** Deterministic PRNG (mulberry32) so a case renders the same bytes every time. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

type Layer = OverlayOptions;

/** One line of OCR-B text as an RGBA overlay; `size` in pixels (OCR-B advance is 0.736 em). */
async function text(s: string, left: number, top: number, size: number, colour = "#141414"): Promise<Layer> {
  const input = await sharp({
    text: { text: `<span foreground="${colour}">${esc(s)}</span>`, font: `OCR B ${size}`, fontfile: OCR_B_FONT, rgba: true, dpi: 72 },
  })
    .png()
    .toBuffer();
  return { input, left: Math.round(left), top: Math.round(top) };
}

/** Size in px that gives the ICAO pitch (2.54 mm per character) at `pxPerMm`. */
function mrzSize(pxPerMm: number): number {
  return (2.54 * pxPerMm) / 0.736;
}

async function portrait(face: FaceRef, width: number, height: number, grey: boolean): Promise<Buffer> {
  const { bytes, source } = await loadFace(face);
  let img = sharp(bytes).rotate();
  if (source.crop) img = img.extract(source.crop);
  img = img.resize(width, height, { fit: "cover", position: "attention" });
  if (grey) img = img.greyscale();
  return img.png().toBuffer();
}

function background(w: number, h: number, hue: string, accent: string, title: string, subtitle: string): Buffer {
  const waves: string[] = [];
  for (let i = 0; i < 18; i++) {
    const y = (h / 18) * i + 10;
    waves.push(
      `<path d="M0 ${y} ${Array.from({ length: 12 }, (_, k) => `Q ${(w / 12) * k + w / 24} ${y + (k % 2 ? 14 : -14)} ${(w / 12) * (k + 1)} ${y}`).join(" ")}" stroke="${accent}" stroke-opacity="0.18" fill="none" stroke-width="1.5"/>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${hue}"/><stop offset="1" stop-color="#f4f1ea"/></linearGradient></defs>
    <rect width="${w}" height="${h}" rx="${Math.round(w / 40)}" fill="url(#g)"/>
    ${waves.join("\n")}
    <rect x="0" y="0" width="${w}" height="${Math.round(h * 0.1)}" fill="${accent}" fill-opacity="0.85"/>
    <text x="${w * 0.04}" y="${h * 0.07}" font-family="DejaVu Sans, sans-serif" font-size="${h * 0.045}" font-weight="bold" fill="#fff">${esc(title)}</text>
    <text x="${w * 0.96}" y="${h * 0.07}" text-anchor="end" font-family="DejaVu Sans, sans-serif" font-size="${h * 0.035}" fill="#fff">${esc(subtitle)}</text>
  </svg>`;
  return Buffer.from(svg);
}

function labels(items: Array<[string, number, number]>, size: number, w: number, h: number): Layer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${items
    .map(([t, x, y]) => `<text x="${x}" y="${y}" font-family="DejaVu Sans, sans-serif" font-size="${size}" fill="#5a5a6a">${esc(t)}</text>`)
    .join("")}</svg>`;
  return { input: Buffer.from(svg), left: 0, top: 0 };
}

export interface PageData {
  title: string;
  subtitle: string;
  fields: Array<[label: string, value: string]>;
  mrz?: string[];
  face?: FaceRef;
  /** Extra overlay (e.g. a barcode) with its position. */
  extra?: { input: Buffer; left: number; top: number };
}

/** TD3 passport data page: 125 × 88 mm at 10 px/mm. */
export async function renderPassportPage(d: PageData): Promise<Buffer> {
  const W = 1250;
  const H = 880;
  const layers: Layer[] = [];
  if (d.face) layers.push({ input: await portrait(d.face, 320, 410, false), left: 50, top: 150 });
  const lab: Array<[string, number, number]> = [];
  let y = 140;
  for (const [label, value] of d.fields) {
    lab.push([label, 420, y]);
    layers.push(await text(value, 420, y + 6, 30));
    y += 72;
  }
  layers.push(labels(lab, 17, W, H));
  if (d.mrz) {
    const size = mrzSize(10);
    layers.push(await text(d.mrz[0], 66, 728, size, "#000000"));
    layers.push(await text(d.mrz[1], 66, 798, size, "#000000"));
  }
  return sharp(background(W, H, "#dfe8f2", "#27407a", d.title, d.subtitle)).composite(layers).png({ compressionLevel: 1 }).toBuffer();
}

/** ID-1 card (TD1 / driving licence): 85.6 × 54 mm at 10 px/mm; a front with fields, or a back with an MRZ. */
export async function renderCard(d: PageData, side: "front" | "back", size: { width: number; height: number } = { width: 856, height: 540 }): Promise<Buffer> {
  const W = size.width;
  const H = size.height;
  const layers: Layer[] = [];
  const lab: Array<[string, number, number]> = [];
  if (side === "front") {
    if (d.face) layers.push({ input: await portrait(d.face, 230, 295, false), left: 30, top: 80 });
    let y = 84;
    for (const [label, value] of d.fields) {
      lab.push([label, 290, y]);
      layers.push(await text(value, 290, y + 4, 24));
      y += 56;
    }
  } else {
    for (const [i, [label, value]] of d.fields.entries()) {
      lab.push([label, 40, 84 + i * 50]);
      layers.push(await text(value, 40, 88 + i * 50, 20));
    }
  }
  layers.push(labels(lab, 14, W, H));
  if (d.mrz) {
    const px = mrzSize(10);
    // TD1: three lines on the back; TD2 (105 × 74 mm): two lines at the foot of the front.
    const top = d.mrz.length === 3 ? 352 : H - 60 - d.mrz.length * 62;
    for (const [i, line] of d.mrz.entries()) layers.push(await text(line, 47, top + i * (d.mrz.length === 3 ? 58 : 62), px, "#000000"));
  }
  if (d.extra) layers.push(d.extra);
  return sharp(background(W, H, side === "front" ? "#e6efe3" : "#ece6f0", side === "front" ? "#2f6b3a" : "#5b3f7a", d.title, d.subtitle))
    .composite(layers)
    .png({ compressionLevel: 1 })
    .toBuffer();
}

export interface PhotoParams {
  /** Output size of the "phone picture". */
  width: number;
  height: number;
  /** Degrees. */
  angle: number;
  /** Share of the picture's width the document fills. */
  fill: number;
  /** Gaussian blur sigma in output pixels (0: none). */
  blur: number;
  /** Multiplier (1: as is; 0.2: very dark; 1.8: over-exposed). */
  brightness: number;
  /** Standard deviation of the added noise, in grey levels. */
  noise: number;
  quality: number;
  seed: number;
}

export const DEFAULT_PHOTO: PhotoParams = { width: 2000, height: 1500, angle: 1.5, fill: 0.78, blur: 0.6, brightness: 1, noise: 6, quality: 88, seed: 1 };

function addNoise(data: Buffer, sd: number, random: () => number): void {
  if (sd <= 0) return;
  for (let i = 0; i < data.length; i++) {
    // Sum of two uniforms: cheap, roughly bell-shaped.
    const n = (random() + random() - 1) * sd * 2.45;
    const v = data[i] + n;
    data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

const tables = new Map<string, Promise<Buffer>>();

/** A table-like background (radial gradient), rendered once per size: librsvg takes ~0.2 s at 12 MP. */
function table(width: number, height: number): Promise<Buffer> {
  const key = `${width}x${height}`;
  let t = tables.get(key);
  if (!t) {
    const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><radialGradient id="r" cx="0.4" cy="0.4" r="0.9"><stop offset="0" stop-color="#8a7a66"/><stop offset="1" stop-color="#4a3f35"/></radialGradient></defs>
    <rect width="100%" height="100%" fill="url(#r)"/></svg>`);
    t = sharp(svg).removeAlpha().png({ compressionLevel: 0 }).toBuffer();
    tables.set(key, t);
  }
  return t;
}

/** Places a rendered document on a table-like background, tilts, lights, blurs, adds noise, saves as JPEG. */
export async function photograph(page: Buffer, p: PhotoParams): Promise<Buffer> {
  const random = rng(p.seed);
  const meta = await sharp(page).metadata();
  const docW = Math.round(p.width * p.fill);
  const docH = Math.round((docW * (meta.height ?? 1)) / (meta.width ?? 1));
  const doc = await sharp(page)
    .resize(docW, docH)
    .ensureAlpha()
    .rotate(p.angle, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true });
  const bg = await table(p.width, p.height);
  const maxLeft = Math.max(0, p.width - doc.info.width);
  const maxTop = Math.max(0, p.height - doc.info.height);
  const left = Math.round(maxLeft * (0.3 + 0.4 * random()));
  const top = Math.round(maxTop * (0.3 + 0.4 * random()));
  // Raw between the steps (sharp applies composite last in a pipeline; PNG round trips cost ~0.3 s at 12 MP).
  const composed = await sharp(bg).composite([{ input: doc.data, left, top }]).raw().toBuffer({ resolveWithObject: true });
  let img = sharp(composed.data, { raw: { width: composed.info.width, height: composed.info.height, channels: composed.info.channels } });
  if (p.brightness !== 1) img = img.linear(p.brightness, 0);
  if (p.blur >= 0.3) img = img.blur(p.blur);
  const raw = await img.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  addNoise(raw.data, p.noise, random);
  return sharp(raw.data, { raw: { width: raw.info.width, height: raw.info.height, channels: raw.info.channels } })
    .jpeg({ quality: p.quality, mozjpeg: false })
    .toBuffer();
}

/** A phone selfie from a face photo: upscaled to phone size with a little noise. `null` face: a picture of a wall. */
export async function selfie(face: FaceRef | null, p: { width: number; height: number; seed: number; brightness?: number; blur?: number }): Promise<Buffer> {
  const random = rng(p.seed);
  let img: Sharp;
  if (face) {
    // The photo at ~85% of the frame's height on a blurred enlargement of itself (the source photos are small).
    const { bytes } = await loadFace(face);
    // Blurred small, then enlarged: a sigma-18 blur at full size costs ~0.2 s.
    const small = await sharp(bytes).rotate().resize(Math.round(p.width / 8), Math.round(p.height / 8), { fit: "cover" }).blur(2.5).toBuffer();
    const back = await sharp(small).resize(p.width, p.height).toBuffer();
    const front = await sharp(bytes).rotate().resize(Math.round(p.width * 0.9), Math.round(p.height * 0.85), { fit: "inside" }).toBuffer({ resolveWithObject: true });
    img = sharp(
      await sharp(back)
        .composite([{ input: front.data, left: Math.round((p.width - front.info.width) / 2), top: Math.round((p.height - front.info.height) / 2) }])
        .png()
        .toBuffer(),
    );
  } else {
    const wall = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${p.width}" height="${p.height}">
      <defs><linearGradient id="w" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#d8d2c4"/><stop offset="1" stop-color="#a89f90"/></linearGradient></defs>
      <rect width="100%" height="100%" fill="url(#w)"/>
      <rect x="${p.width * 0.6}" y="${p.height * 0.15}" width="${p.width * 0.25}" height="${p.height * 0.3}" fill="#7a6a55" fill-opacity="0.6"/></svg>`);
    img = sharp(wall);
  }
  if (p.brightness && p.brightness !== 1) img = img.linear(p.brightness, 0);
  if (p.blur && p.blur >= 0.3) img = img.blur(p.blur);
  const raw = await img.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  addNoise(raw.data, 4, random);
  return sharp(raw.data, { raw: { width: raw.info.width, height: raw.info.height, channels: raw.info.channels } })
    .jpeg({ quality: 88 })
    .toBuffer();
}
