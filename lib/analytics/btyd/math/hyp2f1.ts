/**
 * Gauss hypergeometric function 2F1(a, b; c; z) for real parameters and real
 * z <= 1, returned in log space with its sign so that huge values (a heavy
 * buyer's (1 - z)^-1000) and negative values (c < 0 when a + b < 1 in BG/NBD)
 * both survive.
 *
 * Strategy (Abramowitz & Stegun 15.3.3-15.3.6):
 * - a or b a non-positive integer: the series is a polynomial, summed as is.
 * - z < 0: Pfaff, z -> z / (z - 1), which lands in (0, 1).
 * - 0 < z < 1: the direct series or Euler's (1 - z)^(c-a-b) 2F1(c-a, c-b; c; z),
 *   whichever has the smaller leading ratio; if that has not converged after a
 *   short budget (z near 1), the 1 - z connection formula, with a Richardson
 *   average in c when c - a - b is (nearly) an integer; if the connection
 *   formula cancels badly, back to a long series.
 */
import { logGamma, logGammaSigned, reciprocalGammaIsZero, type SignedLog } from "./log-gamma.ts";
import { addSigned } from "./log-sum-exp.ts";

const EPS = 1e-16;
const RESCALE = 1e250;
const LOG_RESCALE = Math.log(RESCALE);
const SHORT_BUDGET = 400;
const LONG_BUDGET = 2_000_000;
/** Richardson step in c; c - a - b within 0.3 steps of an integer counts as an integer. */
const RICHARDSON_STEP = 1e-3;

function isNonPositiveInteger(v: number): boolean {
  return v <= 0 && Number.isInteger(v);
}

interface SeriesResult extends SignedLog {
  converged: boolean;
  /** log10 of (largest |term| / |sum|): digits lost to cancellation inside the series. */
  lostDigits: number;
}

/** Plain power series Σ (a)_k (b)_k / ((c)_k k!) z^k, rescaled to avoid overflow. */
function series(a: number, b: number, c: number, z: number, maxTerms: number): SeriesResult {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  let converged = false;
  let logMaxTerm = 0;
  const absZ = Math.abs(z);
  for (let k = 0; k < maxTerms; k++) {
    const ratio = (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    term *= ratio;
    if (term === 0) {
      converged = true;
      break;
    }
    sum += term;
    if (Math.abs(sum) > RESCALE || Math.abs(term) > RESCALE) {
      sum /= RESCALE;
      term /= RESCALE;
      logScale += LOG_RESCALE;
    }
    const absTerm = Math.abs(term);
    if (absTerm > 1) {
      const l = Math.log(absTerm) + logScale;
      if (l > logMaxTerm) logMaxTerm = l;
    }
    if (absTerm <= EPS * Math.abs(sum)) {
      const next = Math.abs(((a + k + 1) * (b + k + 1)) / ((c + k + 1) * (k + 2))) * absZ;
      const rho = Math.max(next, absZ);
      if (rho < 1 && (absTerm * rho) / (1 - rho) <= EPS * Math.abs(sum)) {
        converged = true;
        break;
      }
    }
  }
  if (!converged) {
    // geometric tail estimate: the ratio tends to z, terms are (eventually) of one sign
    if (absZ < 1) sum += (term * absZ) / (1 - absZ);
  }
  if (sum === 0) return { logAbs: -Infinity, sign: 1, converged, lostDigits: Infinity };
  const logAbs = Math.log(Math.abs(sum)) + logScale;
  return { logAbs, sign: sum > 0 ? 1 : -1, converged, lostDigits: Math.max(0, (logMaxTerm - logAbs) / Math.LN10) };
}

function terminates(a: number, b: number): boolean {
  return isNonPositiveInteger(a) || isNonPositiveInteger(b);
}

/**
 * Preference order of the two forms at the same z: terminating first, then the
 * one with the fewest sign changes among its terms (negative parameters are
 * where cancellation comes from), then the smaller leading ratio.
 */
function preferEuler(a: number, b: number, c: number): boolean {
  const ea = c - a;
  const eb = c - b;
  if (terminates(a, b)) return false;
  if (terminates(ea, eb)) return true;
  const negative = (p: number, q: number) => Math.max(0, -p) + Math.max(0, -q) + Math.max(0, -c);
  const nd = negative(a, b);
  const ne = negative(ea, eb);
  if (nd !== ne) return ne < nd;
  return Math.abs(ea * eb) < Math.abs(a * b);
}

function formSeries(a: number, b: number, c: number, z: number, euler: boolean, budget: number): SeriesResult {
  if (!euler) return series(a, b, c, z, terminates(a, b) ? Number.MAX_SAFE_INTEGER : budget);
  const inner = series(c - a, c - b, c, z, terminates(c - a, c - b) ? Number.MAX_SAFE_INTEGER : budget);
  return { ...inner, logAbs: inner.logAbs + (c - a - b) * Math.log1p(-z) };
}

/** Direct or Euler-transformed series at 0 < z < 1, the better-behaved one. */
function bestSeries(a: number, b: number, c: number, z: number, budget: number): SeriesResult {
  return formSeries(a, b, c, z, preferEuler(a, b, c), budget);
}

const good = (s: SeriesResult, digits: number) => s.converged && s.lostDigits <= digits;

function signedLogGammaRatio(num: number[], den: number[]): SignedLog {
  // Γ(num...) / Γ(den...); a pole in the denominator gives zero
  if (den.some(reciprocalGammaIsZero)) return { logAbs: -Infinity, sign: 1 };
  let logAbs = 0;
  let sign = 1;
  for (const v of num) {
    const g = logGammaSigned(v);
    logAbs += g.logAbs;
    sign *= g.sign;
  }
  for (const v of den) {
    const g = logGammaSigned(v);
    logAbs -= g.logAbs;
    sign *= g.sign;
  }
  return { logAbs, sign };
}

/** A&S 15.3.6 for non-integer c - a - b; null when the two halves cancel badly. */
function connectionAt(a: number, b: number, c: number, z: number, toleratedDigits = 4): SignedLog | null {
  const m = c - a - b;
  const w = 1 - z;
  const coef1 = signedLogGammaRatio([c, m], [c - a, c - b]);
  const coef2 = signedLogGammaRatio([c, -m], [a, b]);
  let t1: SignedLog = { logAbs: -Infinity, sign: 1 };
  let t2: SignedLog = { logAbs: -Infinity, sign: 1 };
  if (coef1.logAbs > -Infinity) {
    const s1 = bestSeries(a, b, 1 - m, w, 100_000);
    if (!good(s1, 4)) return null;
    t1 = { logAbs: coef1.logAbs + s1.logAbs, sign: coef1.sign * s1.sign };
  }
  if (coef2.logAbs > -Infinity) {
    const s2 = bestSeries(c - a, c - b, m + 1, w, 100_000);
    if (!good(s2, 4)) return null;
    t2 = { logAbs: coef2.logAbs + m * Math.log(w) + s2.logAbs, sign: coef2.sign * s2.sign };
  }
  const total = addSigned(t1, t2);
  const scale = Math.max(t1.logAbs, t2.logAbs);
  // too many digits lost: let the caller use the long series instead
  if (!Number.isFinite(total.logAbs) || total.logAbs < scale - toleratedDigits * Math.LN10) return null;
  return total;
}

function connection(a: number, b: number, c: number, z: number): SignedLog | null {
  const m = c - a - b;
  const offset = m - Math.round(m);
  // the c-derivatives grow like ln(1 - z)^k near z = 1: shrink the step to keep the O(h^4) error small
  const h = RICHARDSON_STEP / Math.max(1, Math.abs(Math.log1p(-z)) / 2);
  if (Math.abs(offset) >= 0.3 * h) return connectionAt(a, b, c, z);
  // Richardson in c: the function is smooth in c, only this formula is singular
  const points = [h, -h, 2 * h, -2 * h].map((d) => connectionAt(a, b, c + d, z, 6));
  if (points.some((p) => p === null)) return null;
  const [p1, m1, p2, m2] = points as SignedLog[];
  const ref = Math.max(p1!.logAbs, m1!.logAbs, p2!.logAbs, m2!.logAbs);
  const lin = (v: SignedLog) => v.sign * Math.exp(v.logAbs - ref);
  const value = (4 * (lin(p1!) + lin(m1!))) / 6 - (lin(p2!) + lin(m2!)) / 6;
  if (value === 0) return { logAbs: -Infinity, sign: 1 };
  return { logAbs: ref + Math.log(Math.abs(value)), sign: value > 0 ? 1 : -1 };
}

function positiveZ(a: number, b: number, c: number, z: number): SignedLog {
  const budget = z <= 0.75 ? LONG_BUDGET : SHORT_BUDGET;
  const euler = preferEuler(a, b, c);
  const first = formSeries(a, b, c, z, euler, budget);
  if (good(first, 3)) return first;
  const second = formSeries(a, b, c, z, !euler, budget);
  if (good(second, 3)) return second;
  const viaConnection = connection(a, b, c, z);
  if (viaConnection) return viaConnection;
  const candidates = [first, second];
  if (budget < LONG_BUDGET) {
    candidates.push(formSeries(a, b, c, z, euler, LONG_BUDGET), formSeries(a, b, c, z, !euler, LONG_BUDGET));
  }
  // best effort: the converged one that lost the fewest digits
  candidates.sort((p, q) => Number(q.converged) - Number(p.converged) || p.lostDigits - q.lostDigits);
  const best = candidates[0]!;
  return { logAbs: best.logAbs, sign: best.sign };
}

/** ln |2F1(a, b; c; z)| and its sign, for real a, b, c and z <= 1. */
export function logHyp2f1(a: number, b: number, c: number, z: number): SignedLog {
  if (![a, b, c, z].every(Number.isFinite)) throw new RangeError("2F1: parameters must be finite numbers");
  const terminating = isNonPositiveInteger(a) || isNonPositiveInteger(b);
  if (isNonPositiveInteger(c)) {
    const n = Math.max(isNonPositiveInteger(a) ? a : -Infinity, isNonPositiveInteger(b) ? b : -Infinity);
    if (!(n > c)) throw new RangeError(`2F1: c = ${c} is a non-positive integer, the function is undefined`);
  }
  if (z === 0) return { logAbs: 0, sign: 1 };
  if (terminating) {
    const s = series(a, b, c, z, Number.MAX_SAFE_INTEGER);
    return { logAbs: s.logAbs, sign: s.sign };
  }
  if (z > 1) throw new RangeError("2F1: z > 1 is outside the supported range");
  if (z === 1) {
    if (!(c - a - b > 0)) throw new RangeError("2F1(a, b; c; 1) diverges unless c - a - b > 0");
    return signedLogGammaRatio([c, c - a - b], [c - a, c - b]);
  }
  if (z < 0) {
    // Pfaff: (1 - z)^-a 2F1(a, c - b; c; w) with w in (0, 1); its Euler form is the
    // other Pfaff transformation, so positiveZ weighs both
    const w = z / (z - 1);
    const inner = positiveZ(a, c - b, c, w);
    return { logAbs: inner.logAbs - a * Math.log1p(-z), sign: inner.sign };
  }
  return positiveZ(a, b, c, z);
}

/** 2F1 on the linear scale (may overflow to ±Infinity where the log form would not). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const r = logHyp2f1(a, b, c, z);
  return r.sign * Math.exp(r.logAbs);
}

/** Re-exported for callers that combine 2F1 with gamma ratios. */
export { logGamma };
