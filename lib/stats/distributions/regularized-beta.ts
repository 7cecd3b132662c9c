/**
 * The regularized incomplete beta function I_x(a, b), for Student's t. The
 * continued fraction (modified Lentz, as in Numerical Recipes' betacf)
 * converges in O(sqrt(max(a, b))) steps on the side x < (a + 1) / (a + b + 2);
 * the other side goes through the symmetry I_x(a, b) = 1 - I_{1-x}(b, a).
 * The caller passes 1 - x separately when it knows it more accurately than
 * 1 - x would compute it (t tails at large degrees of freedom).
 */
import { logBeta } from "../../analytics/btyd/math/log-beta.ts";

const TINY = 1e-300;

function continuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) return h;
  }
  return h;
}

/** I_x(a, b) for a, b > 0 and 0 <= x <= 1; `oneMinusX` defaults to 1 - x. */
export function regularizedBeta(x: number, a: number, b: number, oneMinusX = 1 - x): number {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1)) return Number.NaN;
  if (x === 0) return 0;
  if (x === 1 || oneMinusX === 0) return 1;
  const logFront = a * Math.log(x) + b * Math.log(oneMinusX) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * continuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(logFront) * continuedFraction(b, a, oneMinusX)) / b;
}
