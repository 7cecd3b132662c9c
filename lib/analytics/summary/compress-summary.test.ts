import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compressSummary } from "./compress-summary.ts";
import { spendDataFromSummary } from "./spend-data.ts";

const data = (rows: [number, number, number][]) => ({
  x: Float64Array.from(rows, (r) => r[0]),
  tx: Float64Array.from(rows, (r) => r[1]),
  T: Float64Array.from(rows, (r) => r[2]),
  weight: new Float64Array(rows.length).fill(1),
});

describe("compressSummary", () => {
  it("groups identical (x, tx, T) rows and adds their weights", () => {
    const { data: c, rowGroup } = compressSummary(
      data([
        [0, 0, 10],
        [2, 5, 10],
        [0, 0, 10],
        [0, 0, 9],
        [2, 5, 10],
        [0, 0, 10],
      ]),
    );
    expect(Array.from(c.x)).toEqual([0, 2, 0]);
    expect(Array.from(c.T)).toEqual([10, 10, 9]);
    expect(Array.from(c.weight)).toEqual([3, 2, 1]);
    expect(Array.from(rowGroup)).toEqual([0, 1, 0, 2, 1, 0]);
  });

  it("preserves total weight and every row's values through rowGroup", () => {
    const row = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 3, max: 5 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(row, fc.integer({ min: 1, max: 4 }))), (rows) => {
        const input = data(rows.map((r) => r[0]));
        rows.forEach((r, i) => (input.weight[i] = r[1]));
        const { data: c, rowGroup } = compressSummary(input);
        expect(c.weight.reduce((a, b) => a + b, 0)).toBe(input.weight.reduce((a, b) => a + b, 0));
        rows.forEach(([[x, tx, T]], i) => {
          const g = rowGroup[i]!;
          expect([c.x[g], c.tx[g], c.T[g]]).toEqual([x, tx, T]);
        });
        expect(new Set(Array.from(c.x, (_, g) => `${c.x[g]},${c.tx[g]},${c.T[g]}`)).size).toBe(c.x.length);
      }),
    );
  });
});

describe("spendDataFromSummary", () => {
  it("keeps only repeat customers and remembers where they came from", () => {
    const s = spendDataFromSummary({
      x: Float64Array.from([0, 3, 1, 0]),
      monetaryValue: Float64Array.from([0, 20, 7.5, 0]),
      weight: Float64Array.from([1, 1, 2, 1]),
    });
    expect(Array.from(s.x)).toEqual([3, 1]);
    expect(Array.from(s.monetaryValue)).toEqual([20, 7.5]);
    expect(Array.from(s.weight)).toEqual([1, 2]);
    expect(Array.from(s.rows)).toEqual([1, 2]);
  });
});
