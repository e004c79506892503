/**
 * AAMVA PDF417 barcode (North American driving licences and ID cards) via zxing-wasm with its
 * local wasm binary (its default would fetch it from a CDN), parsed into a DocumentReading.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { CheckResult, DocumentReading } from "../types.ts";
import { alpha2 } from "./countries.ts";
import { fromWork, type Decoded } from "./image.ts";

type ZX = typeof import("zxing-wasm/reader");
let zx: Promise<ZX> | null = null;

export function zxing(): Promise<ZX> {
  if (!zx) {
    zx = (async () => {
      const mod = await import("zxing-wasm/reader");
      const require = createRequire(import.meta.url);
      const wasmBinary = readFileSync(require.resolve("zxing-wasm/reader/zxing_reader.wasm"));
      await mod.prepareZXingModule({ overrides: { wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer }, fireImmediately: true });
      return mod;
    })();
    zx.catch(() => {
      zx = null;
    });
  }
  return zx;
}

export const AAMVA_ELEMENT_NAMES: Record<string, string> = {
  DCS: "lastName",
  DAC: "firstName",
  DCT: "firstName",
  DAD: "middleName",
  DBB: "dateOfBirth",
  DBA: "expiryDate",
  DBD: "issueDate",
  DBC: "sex",
  DAQ: "documentNumber",
  DCG: "country",
  DAJ: "jurisdiction",
  DCF: "documentDiscriminator",
  DAA: "fullName",
};

/** Data elements of an AAMVA file: { DCS: "CARTER", DAC: "JOHN", ... } and the subfile type (DL / ID). */
export function parseAamvaElements(text: string): { elements: Record<string, string>; subfile: string | null; iin: string | null } {
  const elements: Record<string, string> = {};
  const header = /ANSI ?(\d{6})(\d{2})(\d{2})?(\d{2})?/.exec(text);
  // The first element follows the subfile designators and the subfile type without a separator
  // ("DL00410278DLDAQ..."), the others one per line.
  const first = /(DL|ID)\d{8}(?:Z[A-Z]\d{8})*(?:DL|ID)(D[A-Z]{2})([^\n\r\x1e]*)/.exec(text);
  const subfile = first?.[1] ?? null;
  if (first) elements[first[2]] = first[3].trim();
  for (const m of text.matchAll(/[\n\r\x1e](?:DL|ID)?(D[A-Z]{2})([^\n\r\x1e]*)/g)) {
    if (!(m[1] in elements)) elements[m[1]] = m[2].trim();
  }
  return { elements, subfile, iin: header?.[1] ?? null };
}

function aamvaDate(v: string | undefined, country: string | null): string | null {
  if (!v || !/^\d{8}$/.test(v)) return null;
  let y: string, m: string, d: string;
  const ccyyFirst = country === "CAN" || (Number(v.slice(0, 4)) > 1900 && Number(v.slice(4, 6)) <= 12 && Number(v.slice(0, 2)) > 12);
  if (ccyyFirst) [y, m, d] = [v.slice(0, 4), v.slice(4, 6), v.slice(6, 8)];
  else [m, d, y] = [v.slice(0, 2), v.slice(2, 4), v.slice(4, 8)];
  const iso = `${y}-${m}-${d}`;
  const dt = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(dt.getTime()) || dt.toISOString().slice(0, 10) !== iso ? null : iso;
}

export function aamvaReading(text: string): DocumentReading | null {
  if (!/ANSI|AAMVA/.test(text)) return null;
  const { elements: e, subfile } = parseAamvaElements(text);
  let last = e.DCS ?? null;
  let first = e.DAC ?? e.DCT ?? null;
  if ((!last || !first) && e.DAA) {
    const [l, f] = e.DAA.split(/[,$]/);
    last = last ?? l ?? null;
    first = first ?? f ?? null;
  }
  const middle = e.DAD && e.DAD !== "NONE" ? e.DAD : null;
  const country = e.DCG?.trim() || "USA";
  const raw = Object.entries(e).map(([k, v]) => `${k}${v}`);
  const checks: Record<string, boolean> = {
    lastName: !!last,
    firstName: !!first,
    dateOfBirth: !!aamvaDate(e.DBB, country),
    expiryDate: !!aamvaDate(e.DBA, country),
    documentNumber: !!e.DAQ,
  };
  const sex = e.DBC === "1" || e.DBC === "M" ? "M" : e.DBC === "2" || e.DBC === "F" ? "F" : null;
  return {
    source: "barcode",
    raw,
    valid: Object.values(checks).every(Boolean),
    checks,
    documentType: subfile === "ID" ? "ID_CARD" : "DRIVERS_LICENSE",
    issuingCountry: country,
    issuingCountryAlpha2: alpha2(country),
    nationality: null,
    nationalityAlpha2: null,
    documentNumber: e.DAQ || null,
    personalNumber: null,
    lastName: last?.replace(/\s+/g, " ").trim() || null,
    firstName: [first, middle].filter(Boolean).join(" ").replace(/\s+/g, " ").trim() || null,
    dateOfBirth: aamvaDate(e.DBB, country),
    expiryDate: aamvaDate(e.DBA, country),
    issueDate: aamvaDate(e.DBD, country),
    sex,
  };
}

/** Rotations tried (degrees): zxing handles right angles itself but not skew beyond ~±2°. */
const ANGLES = [0, -4, 4, -8, 8];

/** `quick`: media ids of pictures that failed quality (blurred, dark...): only tried upright. */
export async function readBarcode(docs: Decoded[], opts: { quick?: ReadonlySet<string> } = {}): Promise<{ reading: DocumentReading | null; check: CheckResult }> {
  const t0 = performance.now();
  const z = await zxing();
  const order = [...docs].sort((a, b) => (a.image.context === "document-back" ? -1 : 0) - (b.image.context === "document-back" ? -1 : 0));
  const tried: Array<{ mediaId: string; angle: number; ms: number }> = [];
  for (const d of order) {
    for (const angle of opts.quick?.has(d.image.mediaId) ? [0] : ANGLES) {
      const t1 = performance.now();
      let img = fromWork(d);
      if (angle) img = img.rotate(angle, { background: "#ffffff" });
      const { data, info } = await img.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const results = await z.readBarcodes(
        { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height } as ImageData,
        { formats: ["PDF417"], textMode: "Plain", tryHarder: true, tryRotate: true, maxNumberOfSymbols: 1 },
      );
      tried.push({ mediaId: d.image.mediaId, angle, ms: Math.round(performance.now() - t1) });
      const hit = results.find((r) => r.isValid && r.text);
      if (!hit) continue;
      const reading = aamvaReading(hit.text);
      const ms = Math.round(performance.now() - t0);
      if (!reading) {
        return {
          reading: null,
          check: { name: "barcode", result: "inconclusive", score: null, evidence: { found: true, aamva: false, mediaId: d.image.mediaId, text: hit.text.slice(0, 200), tried }, ms },
        };
      }
      return {
        reading,
        check: {
          name: "barcode",
          // A barcode without its mandatory elements is unreadable rather than forged.
          result: reading.valid ? "pass" : "inconclusive",
          score: reading.valid ? 1 : 0,
          evidence: { found: true, format: "PDF417", standard: "AAMVA", mediaId: d.image.mediaId, angle, elements: reading.raw, checks: reading.checks, tried },
          ms,
        },
      };
    }
  }
  return { reading: null, check: { name: "barcode", result: "inconclusive", score: null, evidence: { found: false, tried }, ms: Math.round(performance.now() - t0) } };
}
