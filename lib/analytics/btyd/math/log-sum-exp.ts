import type { SignedLog } from "./log-gamma.ts";

/** ln(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln(e^a - e^b) for a >= b; -Infinity when the difference vanishes (or rounds below zero). */
export function logSubExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (!(a > b)) return -Infinity;
  const d = b - a;
  // ln(1 - e^d): two branches keep full precision near d = 0 and for very negative d
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/** ln Σ e^{v_i}. */
export function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  if (max === -Infinity || max === Infinity) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum);
}

/** Sum of two signed log-space numbers. */
export function addSigned(p: SignedLog, q: SignedLog): SignedLog {
  if (p.logAbs === -Infinity) return q;
  if (q.logAbs === -Infinity) return p;
  const [big, small] = p.logAbs >= q.logAbs ? [p, q] : [q, p];
  const ratio = Math.exp(small.logAbs - big.logAbs);
  const scaled = 1 + (big.sign === small.sign ? ratio : -ratio);
  if (scaled === 0) return { logAbs: -Infinity, sign: 1 };
  return { logAbs: big.logAbs + Math.log(Math.abs(scaled)), sign: scaled > 0 ? big.sign : -big.sign };
}

/** A signed log-space number back on the linear scale. */
export function fromSigned(v: SignedLog): number {
  return v.sign * Math.exp(v.logAbs);
}
