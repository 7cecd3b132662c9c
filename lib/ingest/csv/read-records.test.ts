import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCsvRecords } from "./read-records.ts";
import { UPLOAD_CSV_LIMITS } from "../imports/limits.ts";
import { detectDelimiter, scanCsv, type Delimiter } from "./scan-csv.ts";

/** RFC 4180 writer: the oracle the reader must invert. */
function writeCsv(rows: string[][], delimiter: string, eol: string): string {
  return rows
    .map((r) => r.map((f) => (/["\r\n]/.test(f) || f.includes(delimiter) ? `"${f.replace(/"/g, '""')}"` : f)).join(delimiter))
    .join(eol);
}

async function readAll(text: string, delimiter: Delimiter) {
  const out: { line: number; fields: string[] }[] = [];
  for await (const r of readCsvRecords(text, delimiter)) out.push(r);
  return out;
}

// Fields as people have them: letters, digits, punctuation, quotes, delimiters and line breaks inside,
// no surrounding blanks (the reader trims those).
const field = fc
  .array(fc.constantFrom("a", "Z", "7", " ", ",", ";", "\t", '"', "\n", "\r\n", "é", "€", "'", "|", "-"), { maxLength: 8 })
  .map((chars) => chars.join("").trim())
  .filter((s) => s === "" || !/^\s|\s$/.test(s));

describe("readCsvRecords", () => {
  it("reads back whatever an RFC 4180 writer wrote, with the right starting line and delimiter", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }).chain((cols) =>
          fc.tuple(fc.constant(cols), fc.array(fc.array(field, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 6 })),
        ),
        fc.constantFrom<Delimiter>(",", ";", "\t"),
        fc.constantFrom("\n", "\r\n"),
        async ([cols, body], delimiter, eol) => {
          const header = Array.from({ length: cols }, (_, i) => `col${i}`);
          const rows = body.filter((r) => r.some((f) => f !== ""));
          const text = writeCsv([header, ...rows], delimiter, eol);
          expect(detectDelimiter(text)).toBe(delimiter);
          const records = await readAll(text, delimiter);
          expect(records.map((r) => r.fields)).toEqual([header, ...rows]);
          // Each record starts on the line after the previous record's last line.
          let line = 1;
          records.forEach((r, i) => {
            expect(r.line).toBe(line);
            const all = [header, ...rows][i]!;
            line += 1 + all.join("").split(/\r\n|\n/).length - 1;
          });
          expect(scanCsv(text, delimiter, UPLOAD_CSV_LIMITS)).toEqual({ dataRows: rows.length, unclosedQuoteLine: null, breach: null });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("skips blank lines but keeps counting them, and reports the line a record starts on", async () => {
    const text = 'id,note\r\n\r\n1,"two\nlines"\n\n\n2,x\n,\n3,"a ""quoted"" word"';
    expect(await readAll(text, ",")).toEqual([
      { line: 1, fields: ["id", "note"] },
      { line: 3, fields: ["1", "two\nlines"] },
      { line: 7, fields: ["2", "x"] },
      { line: 9, fields: ["3", 'a "quoted" word'] },
    ]);
    expect(scanCsv(text, ",", UPLOAD_CSV_LIMITS).dataRows).toBe(3);
  });

  it("finds an unclosed quote and the line it opens on", () => {
    expect(scanCsv('a,b\n1,2\n3,"oops\n4,5\n', ",", UPLOAD_CSV_LIMITS).unclosedQuoteLine).toBe(3);
    expect(scanCsv('a,b\n5" screen,x\n', ",", UPLOAD_CSV_LIMITS).unclosedQuoteLine).toBeNull();
  });
});
