import { describe, expect, it } from "vitest";
import { csvLine } from "./csv-line.ts";

describe("csvLine", () => {
  it("quotes separators, quotes and line breaks", () => {
    expect(csvLine(["a,b", 'say "hi"', "two\nlines", null, "plain"])).toBe('"a,b","say ""hi""","two\nlines",,plain\r\n');
  });

  it("defuses spreadsheet formulas but keeps phone numbers and negatives", () => {
    expect(csvLine(["=HYPERLINK(\"http://x\")", "@SUM(A1)", "+15551234567", "-12.5", "-cmd"])).toBe(
      `"'=HYPERLINK(""http://x"")",'@SUM(A1),+15551234567,-12.5,'-cmd\r\n`,
    );
  });
});
