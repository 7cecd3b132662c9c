import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDecimal, compareDecimal, toDecimal, ZERO } from "./decimal.ts";

const d = (v: number | string) => {
  const x = toDecimal(v);
  if (!x) throw new Error(`not a decimal: ${v}`);
  return x;
};

describe("decimal", () => {
  it("adds money exactly where doubles drift", () => {
    const sum = addDecimal(addDecimal(ZERO, d("0.10")), d("0.20"));
    expect(compareDecimal(sum, d(0.3))).toBe(0);
    expect(0.1 + 0.2 === 0.3).toBe(false);
  });

  it("reads exponent notation", () => {
    expect(compareDecimal(d(1e21), d("1000000000000000000000"))).toBe(0);
    expect(compareDecimal(d(1e-7), d("0.0000001"))).toBe(0);
    expect(compareDecimal(d("-1.5"), d("-1.49"))).toBe(-1);
  });

  it("orders doubles exactly as JavaScript does", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), (a, b) => {
        const expected = a < b ? -1 : a > b ? 1 : 0;
        expect(compareDecimal(d(a), d(b))).toBe(expected);
      }),
    );
  });

  it("refuses what is not a number", () => {
    expect(toDecimal("abc")).toBeNull();
    expect(toDecimal(".")).toBeNull();
    expect(toDecimal(Number.NaN)).toBeNull();
  });
});
