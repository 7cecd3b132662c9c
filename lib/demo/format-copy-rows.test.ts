import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { centsToDecimal, copyText, CopyBuffer, isoTimestamp } from "./format-copy-rows.ts";

describe("COPY text formatting", () => {
  it("formats timestamps exactly as Date#toISOString", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.parse("2100-01-01") }), (ms) => {
        expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5000 },
    );
  });

  it("writes cents as exact decimals", () => {
    expect(centsToDecimal(0)).toBe("0.00");
    expect(centsToDecimal(5)).toBe("0.05");
    expect(centsToDecimal(1234)).toBe("12.34");
    expect(centsToDecimal(-101)).toBe("-1.01");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (c) => {
        const [whole = "", frac = ""] = centsToDecimal(c).split(".");
        expect(frac).toHaveLength(2);
        expect(BigInt(whole) * 100n + BigInt(frac)).toBe(BigInt(c));
      }),
    );
  });

  it("escapes the characters COPY text format reserves", () => {
    expect(copyText("O'Brien")).toBe("O'Brien");
    expect(copyText("a\tb\nc\\d\re")).toBe("a\\tb\\nc\\\\d\\re");
  });

  it("keeps every row and byte when buffering", () => {
    const buffer = new CopyBuffer();
    const lines = Array.from({ length: 5000 }, (_, i) => `${i}\tMüller ${"x".repeat(i % 50)}\n`);
    for (const line of lines) buffer.add(line);
    expect(buffer.rows).toBe(5000);
    expect(Buffer.concat(buffer.finish()).toString("utf8")).toBe(lines.join(""));
  });
});
