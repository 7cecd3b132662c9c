/**
 * Exact decimal arithmetic for the in-memory evaluator, so it compares money
 * and thresholds the way Postgres `numeric` does (0.1 + 0.2 is 0.3 here).
 * Doubles are compared through their shortest decimal text, which preserves
 * their order, so float8 columns agree with Postgres as well.
 */
export interface Decimal {
  mantissa: bigint;
  exponent: number;
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function toDecimal(value: number | string | bigint): Decimal | null {
  if (typeof value === "bigint") return { mantissa: value, exponent: 0 };
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  const text = String(value).trim();
  const m = DECIMAL_RE.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
  const fraction = m[3] ?? "";
  const digits = `${m[2]}${fraction}` || "0";
  const mantissa = BigInt(digits) * (m[1] === "-" ? -1n : 1n);
  return { mantissa, exponent: Number(m[4] ?? "0") - fraction.length };
}

function align(a: Decimal, b: Decimal): [bigint, bigint] {
  const e = Math.min(a.exponent, b.exponent);
  return [a.mantissa * 10n ** BigInt(a.exponent - e), b.mantissa * 10n ** BigInt(b.exponent - e)];
}

export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const [x, y] = align(a, b);
  return { mantissa: x + y, exponent: Math.min(a.exponent, b.exponent) };
}

export const ZERO: Decimal = { mantissa: 0n, exponent: 0 };
