export type Cell = string | number | boolean | Date | null | undefined;

// Spreadsheet apps run a cell starting with these as a formula (CSV injection): such text
// cells get a leading apostrophe, which the apps show as plain text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  let s = v;
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record, CRLF-terminated as RFC 4180 asks. */
export function csvRow(cells: Cell[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}
