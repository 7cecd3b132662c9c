import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { columnLetters } from "../imports/limit-breach-error.ts";
import { readCsvRecords } from "./read-records.ts";
import { scanCsv, type CsvLimits } from "./scan-csv.ts";

// Small limits so the cases stay readable; the upload's own are in imports/limits.ts.
const LIMITS: CsvLimits = { maxColumns: 4, maxColumnNameChars: 6, maxHeaderChars: 20, maxCellChars: 8, maxRecordChars: 24 };

function breachOf(text: string) {
  const b = scanCsv(text, ",", LIMITS).breach;
  return b && { limit: b.limit, line: b.line, column: b.column };
}

describe("scanCsv shape limits", () => {
  it("stops at the first column past the limit, on any line", () => {
    expect(breachOf("a,b,c,d\n1,2,3,4\n")).toBeNull();
    expect(breachOf("a,b,c,d,e\n1,2\n")).toEqual({ limit: "columns", line: 1, column: 5 });
    expect(breachOf("a,b\n1,2\n\n1,2,3,4,5\n")).toEqual({ limit: "columns", line: 4, column: 5 });
  });

  it("holds header names and the header line to their own limits, data cells and rows to theirs", () => {
    expect(breachOf("abcdef,b\nxxxxxxxx,1\n")).toBeNull();
    expect(breachOf("a,abcdefg\n1,2\n")).toEqual({ limit: "columnName", line: 1, column: 2 });
    expect(breachOf("a,b\n1,123456789\n")).toEqual({ limit: "cell", line: 2, column: 2 });
    expect(breachOf("abcde,abcde,abcde,ab\n1\n")).toBeNull();
    expect(breachOf("abcde,abcde,abcde,abc\n1\n")).toEqual({ limit: "header", line: 1, column: 4 });
    expect(breachOf("a,b,c\n12345678,12345678,1234567\n")).toEqual({ limit: "record", line: 2, column: 3 });
  });

  it("measures a quoted value without its quotes, counts a doubled quote once, and reports the line its record starts on", () => {
    expect(breachOf('a,b\n"1234,678",x\n')).toBeNull();
    expect(breachOf('a,b\n"12""4567",x\n')).toBeNull();
    expect(breachOf('a,b\n1,2\n3,"12\n45\n789"\n')).toEqual({ limit: "cell", line: 3, column: 2 });
    // An unclosed quote runs into the following lines until a length limit catches it.
    const unclosed = scanCsv('a,b\n1,"oops\n2,x\n3,y\n4,z\n', ",", LIMITS).breach;
    expect(unclosed).toMatchObject({ limit: "cell", line: 2, column: 2, inQuotes: true });
  });

  it("accepts exactly the files whose records, as the reader returns them, fit the limits", async () => {
    const field = fc.array(fc.constantFrom("a", "7", ",", '"', "\n", "é"), { maxLength: 10 }).map((c) => c.join(""));
    const row = fc.array(field, { minLength: 1, maxLength: 6 }).filter((r) => r.some((f) => f !== ""));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 5 }), async (rows) => {
        const lines = rows.map((r) => r.map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(","));
        const text = lines.join("\n");
        const fits = rows.every((r, i) => {
          const header = i === 0;
          return (
            r.length <= LIMITS.maxColumns &&
            r.every((f) => f.length <= (header ? LIMITS.maxColumnNameChars : LIMITS.maxCellChars)) &&
            lines[i]!.length <= (header ? LIMITS.maxHeaderChars : LIMITS.maxRecordChars)
          );
        });
        expect(scanCsv(text, ",", LIMITS).breach === null).toBe(fits);
        if (fits) {
          const read: string[][] = [];
          for await (const r of readCsvRecords(text, ",")) read.push(r.fields);
          expect(read).toEqual(rows);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("columnLetters", () => {
  it("names columns as spreadsheets do", () => {
    expect([1, 26, 27, 52, 53, 702, 703, 501].map(columnLetters)).toEqual(["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "SG"]);
  });
});
