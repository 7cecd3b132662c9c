/**
 * Log-gamma for real arguments. Lanczos (g = 7, n = 9) below 10, Stirling's
 * series above; negative non-integers go through the reflection formula, which
 * is why the signed variant exists (the 2F1 connection formulas need Γ of
 * negative arguments).
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.91893853320467274178;

function lanczosLogGamma(x: number): number {
  // valid for x >= 0.5
  const xm = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (xm + i);
  const t = xm + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (xm + 0.5) * Math.log(t) - t + Math.log(sum);
}

function stirlingLogGamma(x: number): number {
  // x >= 10: the asymptotic series is accurate to double precision with these terms
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series =
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188)))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series;
}

/** ln Γ(x) for x > 0 (NaN below or at 0: use logGammaSigned there). */
export function logGamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (x === Infinity) return Infinity;
  if (x >= 10) return stirlingLogGamma(x);
  // Lanczos loses digits near 0; Γ(x) = Γ(x + 1) / x keeps them
  if (x < 0.5) return lanczosLogGamma(x + 1) - Math.log(x);
  return lanczosLogGamma(x);
}

export interface SignedLog {
  /** ln |value| (-Infinity for zero). */
  logAbs: number;
  /** +1 or -1 (+1 for zero). */
  sign: number;
}

/** ln |Γ(x)| and the sign of Γ(x) for any real x; poles (0, -1, -2, ...) give logAbs = +Infinity. */
export function logGammaSigned(x: number): SignedLog {
  if (x > 0) return { logAbs: logGamma(x), sign: 1 };
  if (Number.isInteger(x)) return { logAbs: Infinity, sign: 1 };
  // Γ(x) Γ(1 - x) = π / sin(π x)
  // |sin(pi x)| = |sin(pi r)| with r = x - round(x), exact, so tiny distances to a pole keep their digits
  const r = x - Math.round(x);
  const logAbs = Math.log(Math.PI / Math.abs(Math.sin(Math.PI * r))) - logGamma(1 - x);
  // Γ is negative on (-1, 0), (-3, -2), ...: where floor(x) is odd
  const sign = Math.floor(x) % 2 === 0 ? 1 : -1;
  return { logAbs, sign };
}

/** 1 / Γ(x) is what the connection formulas really need: it is zero at the poles. */
export function reciprocalGammaIsZero(x: number): boolean {
  return x <= 0 && Number.isInteger(x);
}
