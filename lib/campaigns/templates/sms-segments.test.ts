import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { smsSegments } from "./sms-segments.ts";

describe("SMS parts", () => {
  it("fits 160 GSM characters in one part and splits the 161st into two of up to 153", () => {
    expect(smsSegments("a".repeat(160))).toEqual({ encoding: "GSM-7", segments: 1, units: 160 });
    expect(smsSegments("a".repeat(161))).toEqual({ encoding: "GSM-7", segments: 2, units: 161 });
    expect(smsSegments("a".repeat(306)).segments).toBe(2);
    expect(smsSegments("a".repeat(307)).segments).toBe(3);
    expect(smsSegments("")).toEqual({ encoding: "GSM-7", segments: 0, units: 0 });
  });

  it("counts the extension characters (€ [ ] { } ^ ~ | \\) as two", () => {
    expect(smsSegments("€")).toEqual({ encoding: "GSM-7", segments: 1, units: 2 });
    expect(smsSegments("€".repeat(80)).segments).toBe(1);
    expect(smsSegments(`${"€".repeat(80)}a`).segments).toBe(2);
    expect(smsSegments("[]{}^~|\\").units).toBe(16);
  });

  it("never splits a two-place character across parts", () => {
    // 152 plain characters then €: the € does not fit in the first part's last place, so it opens the second.
    const text = `${"a".repeat(152)}€${"a".repeat(152)}`;
    expect(smsSegments(text)).toEqual({ encoding: "GSM-7", segments: 3, units: 306 });
  });

  it("sends the whole text as UCS-2 for one character outside GSM: 70 units, then 67 per part", () => {
    expect(smsSegments("Hi 🎉")).toEqual({ encoding: "UCS-2", segments: 1, units: 5 });
    expect(smsSegments("It’s here")).toMatchObject({ encoding: "UCS-2" });
    expect(smsSegments(`${"a".repeat(69)}ł`).segments).toBe(1);
    expect(smsSegments(`${"a".repeat(70)}ł`).segments).toBe(2);
    expect(smsSegments(`${"a".repeat(65)}😀${"a".repeat(10)}`)).toEqual({ encoding: "UCS-2", segments: 2, units: 77 });
  });

  it("keeps the GSM alphabet's accented letters in GSM-7", () => {
    expect(smsSegments("Café à Zürich, ¿qué? Ñoño £5 §2 @home").encoding).toBe("GSM-7");
    expect(smsSegments("Crème brûlée").encoding).toBe("UCS-2"); // û is not in GSM 03.38
  });
});

/*
 * An independent oracle: the GSM 03.38 tables written out by code point as the
 * standard lists them (0x00..0x7F; 0x1B is the escape to the extension table,
 * not a character), and the fewest parts found by dynamic programming over
 * every way to cut the text, instead of the greedy fill.
 */
const GSM_BASIC_CODE_POINTS = [
  0x40, 0xa3, 0x24, 0xa5, 0xe8, 0xe9, 0xf9, 0xec, 0xf2, 0xc7, 0x0a, 0xd8, 0xf8, 0x0d, 0xc5, 0xe5, 0x394, 0x5f, 0x3a6, 0x393, 0x39b, 0x3a9, 0x3a0, 0x3a8, 0x3a3,
  0x398, 0x39e, /* 0x1B escape */ 0xc6, 0xe6, 0xdf, 0xc9, 0x20, 0x21, 0x22, 0x23, 0xa4, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
  ...Array.from({ length: 10 }, (_, i) => 0x30 + i),
  0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0xa1,
  ...Array.from({ length: 26 }, (_, i) => 0x41 + i),
  0xc4, 0xd6, 0xd1, 0xdc, 0xa7, 0xbf,
  ...Array.from({ length: 26 }, (_, i) => 0x61 + i),
  0xe4, 0xf6, 0xf1, 0xfc, 0xe0,
];
const GSM_EXTENSION_CODE_POINTS = [0x0c, 0x5e, 0x7b, 0x7d, 0x5c, 0x5b, 0x7e, 0x5d, 0x7c, 0x20ac];

function oracle(text: string): { encoding: string; segments: number; units: number } {
  const points = [...text].map((ch) => ch.codePointAt(0)!);
  const gsm = points.every((p) => GSM_BASIC_CODE_POINTS.includes(p) || GSM_EXTENSION_CODE_POINTS.includes(p));
  const sizes = points.map((p) => (gsm ? (GSM_EXTENSION_CODE_POINTS.includes(p) ? 2 : 1) : p > 0xffff ? 2 : 1));
  const units = sizes.reduce((a, b) => a + b, 0);
  const [single, perPart] = gsm ? [160, 153] : [70, 67];
  if (units === 0) return { encoding: gsm ? "GSM-7" : "UCS-2", segments: 0, units };
  if (units <= single) return { encoding: gsm ? "GSM-7" : "UCS-2", segments: 1, units };
  // fewest[i]: the fewest parts holding the first i characters.
  const fewest = [0, ...sizes.map(() => Infinity)];
  for (let end = 1; end <= sizes.length; end++) {
    let load = 0;
    for (let start = end - 1; start >= 0; start--) {
      load += sizes[start]!;
      if (load > perPart) break;
      fewest[end] = Math.min(fewest[end]!, fewest[start]! + 1);
    }
  }
  return { encoding: gsm ? "GSM-7" : "UCS-2", segments: fewest[sizes.length]!, units };
}

const gsmChar = fc.constantFrom(...GSM_BASIC_CODE_POINTS.map((p) => String.fromCodePoint(p)));
const extensionChar = fc.constantFrom(...GSM_EXTENSION_CODE_POINTS.map((p) => String.fromCodePoint(p)));
const otherChar = fc.constantFrom("ł", "ş", "’", "中", "й", "û", "\u00a0", "😀", "🎉", "𝄞");

describe("SMS parts against an independent count", () => {
  it("agree for texts of GSM, extension and other characters of any length up to 2,000", () => {
    const mostlyGsm = fc.array(fc.oneof({ arbitrary: gsmChar, weight: 12 }, { arbitrary: extensionChar, weight: 3 }, { arbitrary: otherChar, weight: 1 }), {
      maxLength: 2_000,
    });
    const gsmOnly = fc.array(fc.oneof({ arbitrary: gsmChar, weight: 4 }, { arbitrary: extensionChar, weight: 1 }), { maxLength: 2_000 });
    fc.assert(
      fc.property(fc.oneof(mostlyGsm, gsmOnly), (chars) => {
        const text = chars.join("");
        expect(smsSegments(text)).toEqual(oracle(text));
      }),
      { numRuns: 500 },
    );
  });

  it("agree for arbitrary Unicode text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), (text) => {
        expect(smsSegments(text)).toEqual(oracle(text));
      }),
      { numRuns: 300 },
    );
  });
});
