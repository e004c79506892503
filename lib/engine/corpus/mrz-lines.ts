/**
 * Writes ICAO 9303 machine-readable zones (TD1, TD2, TD3) for synthetic documents.
 * Independent of the reader in lib/engine/perception/mrz.ts on purpose: the tests check one
 * against the other (and the `mrz` package checks both).
 */

export interface MrzFields {
  /** "P", "I", "ID", "AC"... (the first 1-2 characters of the zone). */
  documentCode: string;
  issuingState: string;
  nationality: string;
  lastName: string;
  firstName: string;
  documentNumber: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  expiryDate: string;
  sex: "M" | "F" | null;
  /** TD3: personal number (14); TD1: optional data of line 1 (15). */
  optional1?: string;
  /** TD1: optional data of line 2 (11). */
  optional2?: string;
}

const WEIGHTS = [7, 3, 1];

export function checkDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field[i];
    let v: number;
    if (c >= "0" && c <= "9") v = c.charCodeAt(0) - 48;
    else if (c >= "A" && c <= "Z") v = c.charCodeAt(0) - 55;
    else v = 0; // "<"
    sum += v * WEIGHTS[i % 3];
  }
  return String(sum % 10);
}

/** Upper case, accents removed, Ä → AE etc. (ICAO 9303 part 3 transliteration, the common cases), the rest to "<". */
export function mrzText(value: string): string {
  const special: Record<string, string> = { Ä: "AE", Ö: "OE", Ü: "UE", ß: "SS", Å: "AA", Æ: "AE", Ø: "OE", Þ: "TH", Œ: "OE" };
  let out = "";
  for (const ch of value.toUpperCase()) {
    if (special[ch]) out += special[ch];
    else out += ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  return out.replace(/[^A-Z0-9]/g, "<");
}

function pad(value: string, length: number): string {
  return (value + "<".repeat(length)).slice(0, length);
}

function yymmdd(date: string): string {
  return date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
}

function nameField(last: string, first: string, length: number): string {
  return pad(`${mrzText(last)}<<${mrzText(first)}`, length);
}

export function td3(f: MrzFields): [string, string] {
  const line1 = pad(`${pad(f.documentCode, 2)}${pad(f.issuingState, 3)}${nameField(f.lastName, f.firstName, 39)}`, 44);
  const num = pad(f.documentNumber, 9);
  const dob = yymmdd(f.dateOfBirth);
  const exp = yymmdd(f.expiryDate);
  const personal = pad(mrzText(f.optional1 ?? ""), 14);
  const personalCd = personal === "<".repeat(14) ? "<" : checkDigit(personal);
  const part1 = num + checkDigit(num);
  const part2 = dob + checkDigit(dob);
  const part3 = exp + checkDigit(exp);
  const composite = checkDigit(part1 + part2 + part3 + personal + personalCd);
  const line2 = `${part1}${pad(f.nationality, 3)}${part2}${f.sex ?? "<"}${part3}${personal}${personalCd}${composite}`;
  return [line1, line2];
}

export function td2(f: MrzFields): [string, string] {
  const line1 = `${pad(f.documentCode, 2)}${pad(f.issuingState, 3)}${nameField(f.lastName, f.firstName, 31)}`;
  const num = pad(f.documentNumber, 9);
  const dob = yymmdd(f.dateOfBirth);
  const exp = yymmdd(f.expiryDate);
  const optional = pad(mrzText(f.optional1 ?? ""), 7);
  const part1 = num + checkDigit(num);
  const part2 = dob + checkDigit(dob);
  const part3 = exp + checkDigit(exp);
  const composite = checkDigit(part1 + part2 + part3 + optional);
  return [line1, `${part1}${pad(f.nationality, 3)}${part2}${f.sex ?? "<"}${part3}${optional}${composite}`];
}

export function td1(f: MrzFields): [string, string, string] {
  const num = pad(f.documentNumber, 9);
  const opt1 = pad(mrzText(f.optional1 ?? ""), 15);
  const line1 = `${pad(f.documentCode, 2)}${pad(f.issuingState, 3)}${num}${checkDigit(num)}${opt1}`;
  const dob = yymmdd(f.dateOfBirth);
  const exp = yymmdd(f.expiryDate);
  const opt2 = pad(mrzText(f.optional2 ?? ""), 11);
  const head2 = `${dob}${checkDigit(dob)}${f.sex ?? "<"}${exp}${checkDigit(exp)}${pad(f.nationality, 3)}${opt2}`;
  const composite = checkDigit(line1.slice(5, 30) + head2.slice(0, 7) + head2.slice(8, 15) + head2.slice(18, 29));
  const line2 = head2 + composite;
  return [line1, line2, nameField(f.lastName, f.firstName, 30)];
}

/** Replaces the character at `index` of `line` by another digit (a deliberately wrong check digit). */
export function corruptDigit(line: string, index: number): string {
  const c = line[index];
  const next = c >= "0" && c <= "9" ? String((Number(c) + 3) % 10) : "7";
  return line.slice(0, index) + next + line.slice(index + 1);
}
