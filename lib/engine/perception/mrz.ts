/**
 * Finds and reads the ICAO 9303 machine-readable zone (TD1, TD2, TD3) in document pictures,
 * validates every check digit (`mrz` package) and fills a DocumentReading.
 *
 * Reading: PaddleOCR detection on a 960 px copy, recognition of the long thin lines only;
 * when that does not give a valid zone, a second pass on a sharper crop of the zone. A zone
 * whose check digits fail is reported as "fail" (a wrong document) only when both passes read
 * the same characters with high confidence; otherwise "inconclusive" (an OCR doubt is not a
 * tampered document). Names carry no check digit: their confidence is in the evidence.
 */
import { parse, type ParseResult } from "mrz";
import type { CheckResult, DocumentReading } from "../types.ts";
import { alpha2, normaliseAlpha3 } from "./countries.ts";
import { fromWork, type Decoded } from "./image.ts";
import { ocrModels, type OcrBox } from "./ocr.ts";

const DETECT_SIZE = 960;
/** Below this mean confidence a name line is flagged, and a failed zone is not called tampered. */
const SURE = 0.9;

export interface MrzAttempt {
  mediaId: string;
  pass: 1 | 2;
  /** Degrees the picture was turned for this attempt. */
  rotation: number;
  lines: Array<{ text: string; mean: number }>;
  candidate: string[] | null;
  valid: boolean;
  ms: number;
}

export interface MrzOutcome {
  reading: DocumentReading | null;
  check: CheckResult;
  attempts: MrzAttempt[];
  /** Pictures that may be sideways or upside down, not yet tried turned (turns: "later"). */
  pending?: Array<{ d: Decoded; angles: number[] }>;
}

const LENGTHS = { TD1: 30, TD2: 36, TD3: 44 } as const;
type Format = keyof typeof LENGTHS;

/** OCR text → MRZ alphabet: full-width forms folded, × → X, lookalikes of < → <, spaces dropped. */
export function cleanLine(text: string): string {
  let s = text.normalize("NFKC").toUpperCase();
  s = s.replace(/[«《]/g, "<<").replace(/[‹〈く＜﹤]/g, "<").replace(/×/g, "X");
  s = s.replace(/\s+/g, "");
  return s.replace(/[^A-Z0-9<]/g, "<");
}

function looksLikeMrz(s: string): boolean {
  return s.length >= 26 && s.length <= 48 && (s.includes("<") || /^[A-Z0-9]{28,}$/.test(s));
}

/** Adjusts a line that is a few characters off its format's length by growing or shrinking its longest run of fillers. */
export function fitLength(s: string, length: number): string | null {
  if (s.length === length) return s;
  const diff = length - s.length;
  if (Math.abs(diff) > 3) return null;
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < s.length; ) {
    if (s[i] !== "<") {
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && s[j] === "<") j++;
    if (j - i >= bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0 || bestLen + diff < 1) {
    // No filler run: only trailing padding can be added.
    return diff > 0 && /<$/.test(s) ? s + "<".repeat(diff) : null;
  }
  return s.slice(0, best) + "<".repeat(bestLen + diff) + s.slice(best + bestLen);
}

/** Groups recognised lines (top to bottom) into zone candidates of each format; `fitted`: which lines had to be resized. */
function candidates(lines: string[]): Array<{ format: Format; lines: string[]; start: number; fitted: boolean[] }> {
  const out: Array<{ format: Format; lines: string[]; start: number; fitted: boolean[] }> = [];
  const near = (s: string, n: number) => Math.abs(s.length - n) <= 3;
  const take = (format: Format, start: number, count: number) => {
    const n = LENGTHS[format];
    const src = lines.slice(start, start + count);
    if (src.length < count || !src.every((l) => near(l, n))) return;
    const fit = src.map((l) => fitLength(l, n));
    if (fit.every(Boolean)) out.push({ format, lines: fit as string[], start, fitted: src.map((l, i) => l !== fit[i]) });
  };
  for (let i = 0; i < lines.length; i++) {
    take("TD1", i, 3);
    take("TD3", i, 2);
    take("TD2", i, 2);
  }
  return out;
}

/** The `mrz` package refuses the ICAO specimen state UTO: parse with a stand-in, then put UTO back. */
function parseZone(lines: string[]): ParseResult {
  const hasUto = lines.some((l) => l.includes("UTO"));
  if (!hasUto) return parse(lines, { autocorrect: true });
  const stand = lines.map((l, i) => {
    // Only where a state code sits: TD3/TD2 line 1 [2,5) and line 2 [10,13); TD1 line 1 [2,5) and line 2 [15,18).
    const spots = lines.length === 3 ? (i === 0 ? [2] : i === 1 ? [15] : []) : i === 0 ? [2] : [10];
    let s = l;
    for (const p of spots) if (s.slice(p, p + 3) === "UTO") s = s.slice(0, p) + "NLD" + s.slice(p + 3);
    return s;
  });
  const r = parse(stand, { autocorrect: true });
  for (const d of r.details) {
    if ((d.field === "issuingState" || d.field === "nationality") && d.value === "NLD" && d.ranges.some((rg) => lines[rg.line].slice(rg.start, rg.end) === "UTO")) {
      d.value = "UTO";
    }
  }
  if (r.fields.issuingState === "NLD" && stand[0].slice(2, 5) === "NLD" && lines[0].slice(2, 5) === "UTO") r.fields.issuingState = "UTO";
  const natLine = lines.length === 3 ? 1 : 1;
  const natPos = lines.length === 3 ? 15 : 10;
  if (r.fields.nationality === "NLD" && lines[natLine].slice(natPos, natPos + 3) === "UTO") r.fields.nationality = "UTO";
  return r;
}

function century(yymmdd: string | null | undefined, kind: "birth" | "expiry", today = new Date()): string | null {
  if (!yymmdd || !/^\d{6}$/.test(yymmdd)) return null;
  const yy = Number(yymmdd.slice(0, 2));
  const mm = yymmdd.slice(2, 4);
  const dd = yymmdd.slice(4, 6);
  const thisYear = today.getUTCFullYear();
  let year = 2000 + yy;
  if (kind === "birth") {
    // A birth date is in the past.
    const candidate = `${year}-${mm}-${dd}`;
    if (candidate > today.toISOString().slice(0, 10)) year -= 100;
  } else if (year > thisYear + 50) {
    // An expiry date is at most ~50 years ahead; 99 → 1999.
    year -= 100;
  }
  const iso = `${year}-${mm}-${dd}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

function docType(code: string | null | undefined, format: Format): DocumentReading["documentType"] {
  const c = (code ?? "").replace(/</g, "");
  if (c.startsWith("P")) return "PASSPORT";
  if (/^(IR|AR|CR|RP|R)/.test(c)) return "RESIDENCE_PERMIT";
  if (/^[IAC]/.test(c)) return "ID_CARD";
  return format === "TD3" ? "PASSPORT" : null;
}

function nameOrNull(s: string | null | undefined): string | null {
  const v = (s ?? "").replace(/</g, " ").replace(/\s+/g, " ").trim();
  return v || null;
}

export function toReading(r: ParseResult, lines: string[]): DocumentReading {
  const format = r.format as Format;
  const f = r.fields as Record<string, string | null | undefined>;
  const checks: Record<string, boolean> = {};
  for (const d of r.details) {
    if (d.field && /CheckDigit$/.test(d.field)) checks[d.field.replace(/CheckDigit$/, "").replace(/^expirationDate$/, "expiryDate")] = d.valid;
  }
  const formatOk = r.details.every((d) => d.valid || /CheckDigit$/.test(d.field ?? ""));
  checks.format = formatOk;
  const issuing = normaliseAlpha3(f.issuingState ?? lines[0].slice(2, 5));
  const nationality = normaliseAlpha3(f.nationality);
  const personal = (f.personalNumber ?? f.optional1 ?? "")?.replace(/</g, "").trim() || null;
  return {
    source: "mrz",
    format,
    raw: correctedLines(lines, r.details),
    valid: r.valid,
    checks,
    documentType: docType(f.documentCode, format),
    issuingCountry: issuing,
    issuingCountryAlpha2: alpha2(issuing),
    nationality,
    nationalityAlpha2: alpha2(nationality),
    documentNumber: f.documentNumber?.replace(/</g, "") || null,
    personalNumber: personal,
    lastName: nameOrNull(f.lastName),
    firstName: nameOrNull(f.firstName),
    dateOfBirth: century(f.birthDate, "birth"),
    expiryDate: century(f.expirationDate, "expiry"),
    issueDate: null,
    sex: f.sex === "male" ? "M" : f.sex === "female" ? "F" : null,
  };
}

interface Zone {
  format: Format;
  lines: string[];
  parsed: ParseResult;
  mean: number;
  /** Confidence of the line holding the names, and whether it had to be resized (a lost or extra filler). */
  nameMean: number;
  nameFitted: boolean;
}

/**
 * Names carry no check digit: doubt them when their line was read with low confidence, had to be
 * resized, lacks the "<<" between surname and given names, or has stray single letters among
 * the fillers (a "<" read as K, C or L).
 */
export function nameDoubts(z: Pick<Zone, "format" | "lines" | "nameMean" | "nameFitted">): string[] {
  const doubts: string[] = [];
  const line = z.lines[z.format === "TD1" ? 2 : 0];
  const names = z.format === "TD1" ? line : line.slice(5);
  if (z.nameMean < SURE) doubts.push("low confidence");
  if (z.nameFitted) doubts.push("length repaired");
  if (!names.replace(/<+$/, "").includes("<<")) doubts.push("no surname separator");
  if (/<<<[A-Z]<|<[A-Z]<<</.test(names.replace(/<+$/, "<<<"))) doubts.push("stray letters among fillers");
  if (/[0-9]/.test(names)) doubts.push("digits in names");
  return doubts;
}

interface PassResult {
  lines: Array<{ text: string; mean: number; box: number[][] }>;
  /** Long thin boxes standing up (a sideways picture). */
  vertical: number;
  /** Lying boxes as long and thin as MRZ lines (≥ 15 heights long). */
  veryLong: number;
  zone: Zone | null;
}

async function ocrPass(image: Buffer, scaleX: number): Promise<PassResult> {
  const models = await ocrModels();
  const boxes = await models.detect(image);
  // MRZ lines are long and thin: ≥ 12 characters per height and a quarter of the picture wide.
  const longOnes = boxes.filter((b) => b.height > 4 && b.width / b.height > 9 && b.width > scaleX * 0.22);
  longOnes.sort((a, b) => a.box[0][1] - b.box[0][1]);
  const picked: OcrBox[] = longOnes.slice(-8);
  const lines: PassResult["lines"] = [];
  for (const b of picked) {
    const l = await models.recognise(b);
    lines.push({ text: cleanLine(l.text), mean: l.mean, box: b.box });
  }
  const mrzLines = lines.filter((l) => looksLikeMrz(l.text));
  let zone: PassResult["zone"] = null;
  for (const c of candidates(mrzLines.map((l) => l.text))) {
    let parsed: ParseResult;
    try {
      parsed = parseZone(c.lines);
    } catch {
      continue;
    }
    const used = mrzLines.slice(c.start, c.start + c.lines.length);
    const mean = used.reduce((sum, l) => sum + l.mean, 0) / Math.max(1, used.length);
    const nameLine = c.format === "TD1" ? 2 : 0;
    const cand = { format: c.format, lines: c.lines, parsed, mean, nameMean: used[nameLine]?.mean ?? 0, nameFitted: c.fitted[nameLine] };
    if (!zone || (parsed.valid && !zone.parsed.valid)) zone = cand;
    if (parsed.valid) break;
  }
  const vertical = boxes.filter((b) => b.width > 4 && b.height / b.width > 9 && b.height > scaleX * 0.15).length;
  const veryLong = longOnes.filter((b) => b.width / b.height > 15).length;
  return { lines, zone, vertical, veryLong };
}

async function encode(d: Decoded, long: number, region?: { left: number; top: number; width: number; height: number }): Promise<{ buf: Buffer; width: number }> {
  let s = fromWork(d);
  if (region) s = s.extract(region);
  const { data, info } = await s
    .resize({ width: long, height: long, fit: "inside", withoutEnlargement: !region })
    .jpeg({ quality: 92 })
    .toBuffer({ resolveWithObject: true });
  return { buf: data, width: info.width };
}

function zoneRegion(d: Decoded, boxes: number[][][], detectWidth: number) {
  const k = d.workWidth / detectWidth;
  const xs = boxes.flat().map((p) => p[0] * k);
  const ys = boxes.flat().map((p) => p[1] * k);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  const padX = (x1 - x0) * 0.06;
  const padY = (y1 - y0) * 0.35 + 10;
  const left = Math.max(0, Math.floor(x0 - padX));
  const top = Math.max(0, Math.floor(y0 - padY));
  const right = Math.min(d.workWidth, Math.ceil(x1 + padX));
  const bottom = Math.min(d.workHeight, Math.ceil(y1 + padY));
  return { left, top, width: Math.max(8, right - left), height: Math.max(8, bottom - top) };
}

const emptyCheck = (evidence: Record<string, unknown>, ms: number): CheckResult => ({ name: "mrz", result: "inconclusive", score: null, evidence, ms });

type Best = { reading: DocumentReading; mean: number; confirmed: boolean; mediaId: string; pass: number; rotation: number; nameDoubts: string[]; parsedDetails: ParseResult["details"] };

/** A copy of the working image turned by a right angle (a document photographed sideways or upside down). */
async function turned(d: Decoded, angle: number): Promise<Decoded> {
  const { data, info } = await fromWork(d).rotate(angle).raw().toBuffer({ resolveWithObject: true });
  const swap = angle % 180 !== 0;
  return { ...d, rgb: data, workWidth: info.width, workHeight: info.height, width: swap ? d.height : d.width, height: swap ? d.width : d.height };
}

/** One picture in one orientation: pass 1 on the 960 px copy, pass 2 on a sharper crop of the zone when needed. */
async function readOne(d: Decoded, rotation: number, attempts: MrzAttempt[]): Promise<{ best: Best | null; valid: boolean; hint: "none" | "sideways" | "upside-down" }> {
  const t1 = performance.now();
  const first = await encode(d, DETECT_SIZE);
  const p1 = await ocrPass(first.buf, first.width);
  const log = (pass: 1 | 2, r: PassResult, since: number) =>
    attempts.push({ mediaId: d.image.mediaId, pass, rotation, lines: r.lines.map(({ text, mean }) => ({ text, mean: round(mean) })), candidate: r.zone?.lines ?? null, valid: !!r.zone?.parsed.valid, ms: Math.round(performance.now() - since) });
  log(1, p1, t1);
  const mk = (z: Zone, pass: number, confirmed: boolean, doubts = nameDoubts(z)): Best => ({ reading: toReading(z.parsed, z.lines), mean: z.mean, confirmed, mediaId: d.image.mediaId, pass, rotation, nameDoubts: doubts, parsedDetails: z.parsed.details });
  if (p1.zone?.parsed.valid && p1.zone.mean >= SURE && !nameDoubts(p1.zone).length) return { best: mk(p1.zone, 1, true), valid: true, hint: "none" };
  const mrzish = p1.lines.filter((l) => looksLikeMrz(l.text));
  if (!mrzish.length) {
    // Long lines standing up: the picture is sideways; long lines of MRZ length that read as nothing: maybe upside down.
    const hint = p1.vertical >= 2 && p1.vertical > p1.veryLong ? "sideways" : p1.veryLong >= 2 ? "upside-down" : "none";
    return { best: null, valid: false, hint };
  }
  // Second pass on a sharper crop where MRZ-like lines were found.
  const t2 = performance.now();
  const region = zoneRegion(d, mrzish.map((l) => l.box), first.width);
  const crop = await encode(d, Math.min(1600, Math.max(960, region.width)), region);
  const p2 = await ocrPass(crop.buf, crop.width);
  log(2, p2, t2);
  const valids = [p2.zone, p1.zone].filter((z): z is Zone => !!z?.parsed.valid);
  if (valids.length) {
    // Prefer the read whose names raise no doubt; two valid reads that name different people: doubt both.
    const chosen = valids.find((z) => !nameDoubts(z).length) ?? valids[0];
    const doubts = nameDoubts(chosen);
    const other = valids.find((z) => z !== chosen);
    if (other && (other.parsed.fields.lastName !== chosen.parsed.fields.lastName || other.parsed.fields.firstName !== chosen.parsed.fields.firstName)) doubts.push("two reads disagree");
    return { best: mk(chosen, chosen === p2.zone ? 2 : 1, true, doubts), valid: true, hint: "none" };
  }
  const z = p2.zone ?? p1.zone;
  if (!z) return { best: null, valid: false, hint: "none" };
  // Invalid everywhere: confirmed only if both passes read the very same characters, confidently.
  const same = !!p1.zone && !!p2.zone && p1.zone.lines.join("\n") === p2.zone.lines.join("\n") && Math.min(p1.zone.mean, p2.zone.mean) >= SURE;
  return { best: mk(z, 2, same), valid: false, hint: "none" };
}

/** Reads the MRZ from the document pictures (back first: ID cards carry it there), stopping at the first valid zone. */
export async function readMrz(docs: Decoded[], opts: { turns?: "now" | "later" } = {}): Promise<MrzOutcome> {
  const t0 = performance.now();
  const attempts: MrzAttempt[] = [];
  const order = [...docs].sort((a, b) => rank(a.image.context) - rank(b.image.context));
  let best: Best | null = null;
  const pending: Array<{ d: Decoded; angles: number[] }> = [];

  outer: for (const d of order) {
    const r = await readOne(d, 0, attempts);
    if (r.valid) {
      best = r.best;
      break;
    }
    if (r.best && !best) best = r.best;
    const angles = r.hint === "sideways" ? [90, 270] : r.hint === "upside-down" ? [180] : [];
    if (!angles.length) continue;
    if (opts.turns === "later") {
      pending.push({ d, angles });
      continue;
    }
    const t = await tryTurns(d, angles, attempts);
    if (t.valid) {
      best = t.best;
      break outer;
    }
    if (t.best && !best) best = t.best;
  }
  return conclude(best, attempts, performance.now() - t0, pending);
}

/** Reads a picture turned by each angle in turn: stops at a valid reading, or at the first reading at all. */
async function tryTurns(d: Parameters<typeof turned>[0], angles: number[], attempts: Parameters<typeof readOne>[2]): Promise<{ best: Best | null; valid: boolean }> {
  let best: Best | null = null;
  for (const angle of angles) {
    const rr = await readOne(await turned(d, angle), angle, attempts);
    if (rr.valid) return { best: rr.best, valid: true };
    if (rr.best && !best) best = rr.best;
    if (rr.best) break;
  }
  return { best, valid: false };
}

/** Tries the right-angle turns readMrz(..., { turns: "later" }) left pending (after the barcode found nothing, say). */
export async function readMrzTurned(previous: MrzOutcome): Promise<MrzOutcome> {
  const t0 = performance.now();
  const attempts = [...previous.attempts];
  let best: Best | null = null;
  outer: for (const { d, angles } of previous.pending ?? []) {
    const t = await tryTurns(d, angles, attempts);
    if (t.valid) {
      best = t.best;
      break outer;
    }
    if (t.best && !best) best = t.best;
  }
  if (!best) return { ...previous, pending: [] };
  return conclude(best, attempts, (previous.check.ms ?? 0) + performance.now() - t0, []);
}

function conclude(best: Best | null, attempts: MrzAttempt[], elapsed: number, pending: Array<{ d: Decoded; angles: number[] }>): MrzOutcome {
  const ms = Math.round(elapsed);
  if (!best) return { reading: null, check: emptyCheck({ found: false, attempts: summary(attempts) }, ms), attempts, pending };
  const r = best.reading;
  const failed = Object.entries(r.checks).filter(([, ok]) => !ok).map(([k]) => k);
  if (best.nameDoubts.length) r.uncertainFields = ["lastName", "firstName"];
  const evidence = {
    found: true,
    format: r.format,
    lines: r.raw,
    checks: r.checks,
    mediaId: best.mediaId,
    rotation: best.rotation,
    confidence: round(best.mean),
    namesUncertain: best.nameDoubts.length > 0,
    nameDoubts: best.nameDoubts,
    attempts: summary(attempts),
  };
  if (r.valid) return { reading: r, check: { name: "mrz", result: "pass", score: round(best.mean), evidence, ms }, attempts, pending };
  // A failing check digit that one OCR confusion (O/0, I/1, B/8...) would repair is an OCR doubt, not a forged document.
  const repair = best.confirmed ? confusableRepair(r.raw, best.parsedDetails) : null;
  if (best.confirmed && !repair) {
    return { reading: r, check: { name: "mrz", result: "fail", score: round(best.mean), evidence: { ...evidence, failed, confirmedByTwoReads: true }, reasonCode: 102, ms }, attempts, pending };
  }
  // Unconfirmed invalid reading: the OCR may be at fault. Keep what was read for the report, say inconclusive.
  return { reading: r, check: { name: "mrz", result: "inconclusive", score: round(best.mean), evidence: { ...evidence, failed, confirmedByTwoReads: best.confirmed, ...(repair ? { ocrDoubt: repair } : {}) }, ms }, attempts, pending };
}

/** Letter ↔ digit confusions of OCR on OCR-B; only these, and only where a field may hold both (document number, optional data). */
const CONFUSABLE: Record<string, string> = { O: "0", "0": "OD", D: "0", Q: "0", I: "1", "1": "I", L: "1", B: "8", "8": "B", S: "5", "5": "S", Z: "2", "2": "Z", G: "6", "6": "G" };

function cd(value: string): string {
  const w = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const v = c >= "0" && c <= "9" ? c.charCodeAt(0) - 48 : c >= "A" && c <= "Z" ? c.charCodeAt(0) - 55 : 0;
    sum += v * w[i % 3];
  }
  return String(sum % 10);
}

function allDigitsValid(lines: string[], details: ParseResult["details"]): boolean {
  return details.every((d) => {
    if (!d.field || !/CheckDigit$/.test(d.field)) return true;
    const [digit, ...covered] = d.ranges;
    const value = covered.map((r) => lines[r.line].slice(r.start, r.end)).join("");
    const c = lines[digit.line][digit.start];
    return c === cd(value) || (c === "<" && /^<*$/.test(value));
  });
}

/**
 * The first single letter ↔ digit confusion in an alphanumeric field (document number, optional
 * data) after which every check digit is valid, if any: then a failure may be the OCR's rather
 * than the document's. Dates and check digits are digits only (the `mrz` package's autocorrect
 * already settles letters there), so they are not varied.
 */
export function confusableRepair(lines: string[], details: ParseResult["details"]): { field: string; line: number; column: number; read: string; alternative: string } | null {
  const alnum = details.filter((d) => d.field && /^(documentNumber|personalNumber|optional1|optional2)$/.test(d.field));
  for (const d of alnum) {
    for (const r of d.ranges) {
      for (let column = r.start; column < r.end; column++) {
        const original = lines[r.line][column];
        for (const alt of CONFUSABLE[original] ?? "") {
          const patched = lines.map((l, i) => (i === r.line ? l.slice(0, column) + alt + l.slice(column + 1) : l));
          if (allDigitsValid(patched, details)) return { field: d.field!, line: r.line, column, read: original, alternative: alt };
        }
      }
    }
  }
  return null;
}

/** The zone with the `mrz` package's autocorrections (letters ↔ digits by field) applied. */
export function correctedLines(lines: string[], details: ParseResult["details"]): string[] {
  const out = lines.map((l) => l.split(""));
  for (const d of details) for (const a of d.autocorrect ?? []) if (out[a.line]?.[a.column] === a.original) out[a.line][a.column] = a.corrected;
  return out.map((l) => l.join(""));
}

function rank(context: string): number {
  return context === "document-back" ? 0 : context === "document-front" ? 1 : 2;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function summary(attempts: MrzAttempt[]) {
  return attempts.map((a) => ({ mediaId: a.mediaId, pass: a.pass, rotation: a.rotation, valid: a.valid, candidate: a.candidate, ms: a.ms }));
}
