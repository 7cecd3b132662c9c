/**
 * ln Γ(a, x), the upper incomplete gamma function, for any real a and x > 0.
 * Pareto/NBD's DERT needs it with a = 1 - s, which is negative whenever s > 1
 * (Tricomi's U(s, s; z) = e^z Γ(1 - s, z)).
 */
import { logGamma } from "./log-gamma.ts";

const EULER_GAMMA = 0.5772156649015329;

/** Exponential integral E1(x) = Γ(0, x) for 0 < x < 1.5 (power series). */
function e1Small(x: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 1; k < 200; k++) {
    term *= -x / k;
    const add = -term / k;
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return -EULER_GAMMA - Math.log(x) + sum;
}

/** Continued fraction (modified Lentz), good for x >= 1.5 and any a. */
function logUpperGammaCf(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return -x + a * Math.log(x) + Math.log(h);
}

/** Γ(a, x) for 0 < a <= 1 and x < 1.5: Γ(a) minus the lower series. */
function upperGammaSmallX(a: number, x: number): number {
  if (a < 1e-10) return e1Small(x);
  // γ(a, x) = x^a e^-x Σ x^k / (a (a+1) ... (a+k))
  let term = 1 / a;
  let sum = term;
  for (let k = 1; k < 500; k++) {
    term *= x / (a + k);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  const lower = Math.exp(a * Math.log(x) - x) * sum;
  return Math.exp(logGamma(a)) - lower;
}

export function logUpperGamma(a: number, x: number): number {
  if (!(x > 0)) throw new RangeError(`upper incomplete gamma needs x > 0 (got ${x})`);
  if (x >= 1.5) return logUpperGammaCf(a, x);
  if (a > 1) {
    // Γ(a, x) = (a-1) Γ(a-1, x) + x^(a-1) e^-x, all terms positive
    return Math.log((a - 1) * Math.exp(logUpperGamma(a - 1, x)) + Math.exp((a - 1) * Math.log(x) - x));
  }
  if (a > 0) return Math.log(upperGammaSmallX(a, x));
  // a <= 0: climb to (0, 1] (or to 0), then come down with Γ(b, x) = (Γ(b+1, x) - x^b e^-x) / b
  const top = a + Math.ceil(-a);
  let value = top === 0 ? e1Small(x) : upperGammaSmallX(top, x);
  for (let b = top - 1; b >= a - 1e-12; b -= 1) {
    value = (value - Math.exp(b * Math.log(x) - x)) / b;
  }
  return Math.log(value);
}
