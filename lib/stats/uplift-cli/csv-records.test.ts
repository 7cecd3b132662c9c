import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { Random } from "../testing/simulate-arms.ts";
import { CsvRecordSplitter, CsvSyntaxError } from "./csv-records.ts";

/** Splits `text` fed in chunks of `chunkSize` characters. */
function split(text: string, chunkSize = text.length || 1): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  const splitter = new CsvRecordSplitter((fields, line) => records.push({ fields, line }));
  for (let i = 0; i < text.length; i += chunkSize) splitter.push(text.slice(i, i + chunkSize));
  splitter.end();
  return records;
}

/** The reference: csv-parse with the options the CLV command uses. */
const reference = (text: string): string[][] => parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true });

const tricky: [string, string][] = [
  ["plain, trailing newline", "arm,revenue\ncontrol,1\ntreatment,2.5\n"],
  ["no trailing newline", "arm,revenue\ncontrol,1\ntreatment,2.5"],
  ["CRLF", "arm,revenue\r\ncontrol,1\r\ntreatment,2\r\n"],
  ["BOM", "\uFEFFarm,revenue\ncontrol,1\n"],
  ["empty lines", "arm,revenue\n\ncontrol,1\n\n\ntreatment,2\n\n"],
  ["empty CRLF lines", "arm,revenue\r\n\r\ncontrol,1\r\n\r\n"],
  ["quoted fields with commas, quotes and newlines", 'arm,note,revenue\n"control","a, b",1\n"treat""ment","line1\nline2",2\n"",x,3\n'],
  ["quoted field with CRLF inside and at the end", 'a,b\r\n"x\r\ny","z"\r\n1,2\r\n'],
  ["quoted last field without trailing newline", 'a,b\n1,"2"'],
  ["empty fields", "a,b,c\n,,\n1,,3\n"],
  ["spaces kept", "a , b\n x ,y \n"],
  ["unicode", "arm,revenue\nкontrol,1\n処理,2\n"],
];

describe("CsvRecordSplitter", () => {
  for (const [name, text] of tricky) {
    it(`reads what csv-parse reads: ${name}`, () => {
      for (const chunkSize of [1, 2, 3, 7, text.length]) {
        expect(split(text, chunkSize).map((r) => r.fields)).toEqual(reference(text));
      }
    });
  }

  it("agrees with csv-parse on random files of awkward fields, in random chunk sizes", () => {
    const rng = new Random(5);
    const alphabet = ['a', 'b', ",", '"', "\n", "\r\n", " ", "1", "é"];
    const field = () => {
      const length = Math.floor(rng.uniform() * 5);
      let value = "";
      for (let i = 0; i < length; i++) value += alphabet[Math.floor(rng.uniform() * alphabet.length)];
      return /[",\r\n]/.test(value) || rng.uniform() < 0.2 ? `"${value.replace(/"/g, '""')}"` : value;
    };
    for (let file = 0; file < 300; file++) {
      const lines: string[] = [];
      const rows = 1 + Math.floor(rng.uniform() * 6);
      for (let r = 0; r < rows; r++) lines.push(Array.from({ length: 1 + Math.floor(rng.uniform() * 4) }, field).join(","));
      const eol = rng.uniform() < 0.5 ? "\n" : "\r\n";
      const text = lines.join(eol) + (rng.uniform() < 0.5 ? eol : "");
      // csv-parse skips a record that is a lone empty field (an empty line); so does the splitter.
      const chunk = 1 + Math.floor(rng.uniform() * 8);
      expect(split(text, chunk).map((r) => r.fields), JSON.stringify(text)).toEqual(reference(text));
    }
  });

  it("numbers each record by the line it starts on", () => {
    const records = split('a,b\n\n"x\ny",1\nz,2\r\n\r\nw,3');
    expect(records.map((r) => r.line)).toEqual([1, 3, 5, 7]);
  });

  it("refuses malformed quoting, naming the line, as csv-parse does", () => {
    const cases = ['a,b\n1,x"y\n', 'a,b\n1,"x"y\n', 'a,b\n1,"never closed\n2,3\n'];
    for (const text of cases) {
      expect(() => reference(text)).toThrow();
      let error: unknown;
      try {
        split(text);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(CsvSyntaxError);
      expect((error as CsvSyntaxError).line).toBe(2);
    }
  });
});
