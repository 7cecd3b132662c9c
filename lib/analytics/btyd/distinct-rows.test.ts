import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distinctColumn, groupRows } from "./distinct-rows.ts";
import { prepareData } from "./prepare-data.ts";

/** Oracle: first-seen grouping with a string-keyed Map (the obvious, slow way). */
function groupByMap(a: number[], b: number[], c: number[] | null, include: number[] | null) {
  const ids = new Map<string, number>();
  const groupOf: number[] = [];
  const first: number[] = [];
  a.forEach((_, i) => {
    if (include && include[i] === 0) return groupOf.push(-1);
    // String(-0) is "0": equal numbers share a key, as they compare equal
    const key = `${a[i]}|${b[i]}|${c ? c[i] : 0}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = first.length;
      ids.set(key, id);
      first.push(i);
    }
    groupOf.push(id);
  });
  return { count: first.length, first, groupOf };
}

// few distinct values so that rows repeat, plus awkward doubles
const value = fc.oneof(
  fc.integer({ min: 0, max: 6 }),
  fc.constantFrom(-0, 0.1, 0.2, 0.30000000000000004, 1e-300, 1e300, 2 ** 53, 5 / 7),
);

describe("groupRows", () => {
  it("matches a Map-based first-seen grouping, zero weights left out", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value, value, fc.constantFrom(0, 1, 2.5)), { maxLength: 3000 }),
        fc.boolean(),
        (rows, pairsOnly) => {
          const col = (k: number) => rows.map((r) => r[k]!);
          const c = pairsOnly ? null : col(2);
          const got = groupRows(
            Float64Array.from(col(0)),
            Float64Array.from(col(1)),
            c && Float64Array.from(c),
            Float64Array.from(col(3)),
          );
          const want = groupByMap(col(0), col(1), c, col(3));
          expect(got.count).toBe(want.count);
          expect(Array.from(got.first)).toEqual(want.first);
          expect(Array.from(got.groupOf)).toEqual(want.groupOf);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("keeps 300,000 distinct keys apart", () => {
    const n = 300_000;
    const a = Float64Array.from({ length: n }, (_, i) => i % 1000);
    const b = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 1000) / 7);
    const got = groupRows(a, b, null);
    expect(got.count).toBe(n);
    expect(got.groupOf[n - 1]).toBe(n - 1);
  });
});

describe("distinctColumn", () => {
  it("lists each value once, in order of first appearance, and indexes every row", () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 500 }), (values) => {
        const got = distinctColumn(Float64Array.from(values));
        const want = [...new Set(values.map((v) => v + 0))];
        expect(Array.from(got.values)).toEqual(want);
        values.forEach((v, i) => expect(got.values[got.index[i]!]).toBe(v + 0));
      }),
    );
  });
});

describe("prepareData", () => {
  it("sums the weights of identical rows and ignores tx when x = 0", () => {
    const p = prepareData({
      x: Float64Array.of(0, 2, 0, 2, 2, 1),
      tx: Float64Array.of(0, 5, 3, 5, 5, 4),
      T: Float64Array.of(9, 9, 9, 9, 8, 9),
      weight: Float64Array.of(1, 2, 3, 0, 4, 1),
    });
    expect(p.rows).toBe(4);
    expect(Array.from(p.x)).toEqual([0, 2, 2, 1]);
    expect(Array.from(p.tx)).toEqual([0, 5, 5, 4]);
    expect(Array.from(p.T)).toEqual([9, 9, 8, 9]);
    expect(Array.from(p.weight)).toEqual([4, 2, 4, 1]);
    expect(p.totalWeight).toBe(11);
  });
});
