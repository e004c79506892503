import { describe, expect, it } from "vitest";
import { parseCsv } from "./parse-csv.ts";

describe("parseCsv", () => {
  it("reads quotes, escaped quotes, line breaks in quotes, CRLF, a BOM and skips blank lines", () => {
    const rows = parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\n\n"two\nlines",last');
    expect(rows).toEqual([
      { cells: ["a", "b"], line: 1 },
      { cells: ["x, y", 'say "hi"'], line: 2 },
      { cells: ["two\nlines", "last"], line: 4 },
    ]);
  });
  it("keeps empty cells", () => {
    expect(parseCsv("a,,c\n,,\n")).toEqual([
      { cells: ["a", "", "c"], line: 1 },
      { cells: ["", "", ""], line: 2 },
    ]);
  });
});
