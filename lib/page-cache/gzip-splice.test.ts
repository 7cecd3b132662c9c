import zlib from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gzipWith, plainWith, spliceable } from "./gzip-splice.ts";

describe("gzip-splice", () => {
  it("answers a gzip stream that any gunzip reads as the body with every gap filled", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary", maxLength: 3000 }), { minLength: 1, maxLength: 6 }), fc.string({ minLength: 1, maxLength: 40 }), (pieces, fill) => {
        const gap = "N0nce+/Zq9==";
        const body = Buffer.from(pieces.join(gap));
        const spliced = spliceable(body, gap);
        const expected = pieces.join(fill);
        expect(zlib.gunzipSync(gzipWith(spliced, fill)).toString()).toBe(expected);
        expect(plainWith(spliced, fill).toString()).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps a body without gaps (no nonce) as it is, and compresses a real page", () => {
    const html = Buffer.from(`<html><body>${"<tr><td class=c>12,345.67</td></tr>".repeat(2000)}</body></html>`);
    const spliced = spliceable(html, "");
    expect(spliced.pieces).toHaveLength(1);
    const gz = gzipWith(spliced, "unused");
    expect(zlib.gunzipSync(gz).equals(html)).toBe(true);
    expect(gz.length).toBeLessThan(html.length / 10);
  });

  it("fills bodies whose total length passes 64 kB between gaps", () => {
    const big = "x".repeat(70_000);
    const body = Buffer.from(`${big}GAP${big}GAP`);
    expect(zlib.gunzipSync(gzipWith(spliceable(body, "GAP"), "abc")).toString()).toBe(`${big}abc${big}abc`);
  });
});
