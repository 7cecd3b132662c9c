import { describe, expect, it } from "vitest";
import { NEUTRAL_PRICE_LEVEL, NEUTRAL_REGULARITY } from "./feature-layout.ts";
import { parseFeatureCopy } from "./read-feature-matrix.ts";

/** A binary COPY stream as Postgres writes it (header, rows of int8 then float8 fields, trailer), built by hand. */
function copyBinary(rows: { id: bigint; values: (number | null)[] }[]): Buffer {
  const parts: Buffer[] = [Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"), Buffer.alloc(8)];
  for (const r of rows) {
    const head = Buffer.alloc(2 + 4 + 8);
    head.writeInt16BE(1 + r.values.length, 0);
    head.writeInt32BE(8, 2);
    head.writeBigInt64BE(r.id, 6);
    parts.push(head);
    for (const v of r.values) {
      const b = Buffer.alloc(v === null ? 4 : 12);
      b.writeInt32BE(v === null ? -1 : 8, 0);
      if (v !== null) b.writeDoubleBE(v, 4);
      parts.push(b);
    }
  }
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1, 0);
  parts.push(trailer);
  return Buffer.concat(parts);
}

async function* inChunks(b: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

describe("parseFeatureCopy", () => {
  const rows = [
    { id: 9_007_199_254_740_000n, values: [120.5, 0.1, 1.25, 0, 0.75, 0.6, 0.4, 1, 0] },
    { id: 42n, values: [0.1 + 0.2, null, null, null, null, 1, 0, 0.25, 0.75] },
  ];
  it.each([1, 3, 7, 64, 1 << 16])("reads every value exactly, missing ones as neutral, whatever the chunk size (%i bytes)", async (size) => {
    const m = await parseFeatureCopy(inChunks(copyBinary(rows), size), 2, 9);
    expect(Array.from(m.customerIds)).toEqual([9_007_199_254_740_000, 42]);
    expect(Array.from(m.aov)).toEqual([120.5, 0.1 + 0.2]);
    expect(Array.from(m.data)).toEqual([
      Math.log1p(120.5), 0.1, 1.25, 0, 0.75, 0.6, 0.4, 1, 0,
      Math.log1p(0.1 + 0.2), 0, NEUTRAL_PRICE_LEVEL, 0, NEUTRAL_REGULARITY, 1, 0, 0.25, 0.75,
    ]);
  });

  it("refuses a stream with fewer rows than counted, or one cut off before its trailer", async () => {
    await expect(parseFeatureCopy(inChunks(copyBinary(rows), 64), 3, 9)).rejects.toThrow(/Read 2 feature rows, expected 3/);
    const whole = copyBinary(rows);
    await expect(parseFeatureCopy(inChunks(whole.subarray(0, whole.length - 2), 64), 2, 9)).rejects.toThrow(/before its trailer/);
  });
});
