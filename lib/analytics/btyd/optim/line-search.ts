/**
 * Line search satisfying the strong Wolfe conditions (Nocedal & Wright,
 * Algorithms 3.5 and 3.6, cubic interpolation in the zoom phase). A
 * non-finite objective counts as "too far", so steps into parameter regions
 * where the likelihood overflows are simply shortened.
 */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LineSearchResult {
  step: number;
  f: number;
  ok: boolean;
  evaluations: number;
}

const C1 = 1e-4;
const C2 = 0.9;
const MAX_EVALUATIONS = 40;

function cubicMinimiser(a: number, fa: number, ga: number, b: number, fb: number, gb: number): number {
  const d1 = ga + gb - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - ga * gb;
  if (disc < 0) return (a + b) / 2;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  const t = b - (b - a) * ((gb + d2 - d1) / (gb - ga + 2 * d2));
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  // stay well inside the bracket so the zoom always makes progress
  const margin = 0.1 * (hi - lo);
  if (!Number.isFinite(t) || t < lo + margin || t > hi - margin) return (a + b) / 2;
  return t;
}

export function strongWolfeLineSearch(
  objective: Objective,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  direction: Float64Array,
  initialStep: number,
  xOut: Float64Array,
  gOut: Float64Array,
): LineSearchResult {
  const n = x.length;
  let dg0 = 0;
  for (let i = 0; i < n; i++) dg0 += g0[i]! * direction[i]!;
  let evaluations = 0;
  const evalAt = (step: number): { f: number; dg: number } => {
    for (let i = 0; i < n; i++) xOut[i] = x[i]! + step * direction[i]!;
    evaluations++;
    let f = objective(xOut, gOut);
    if (!Number.isFinite(f)) f = Infinity;
    let dg = 0;
    for (let i = 0; i < n; i++) dg += gOut[i]! * direction[i]!;
    if (!Number.isFinite(dg)) dg = Infinity;
    return { f, dg };
  };

  const zoom = (lo: number, fLo: number, gLo: number, hi: number, fHi: number, gHi: number): LineSearchResult => {
    while (evaluations < MAX_EVALUATIONS) {
      const step =
        Number.isFinite(fHi) && Number.isFinite(gHi) ? cubicMinimiser(lo, fLo, gLo, hi, fHi, gHi) : (lo + hi) / 2;
      const { f, dg } = evalAt(step);
      if (f > f0 + C1 * step * dg0 || f >= fLo) {
        hi = step;
        fHi = f;
        gHi = dg;
      } else {
        if (Math.abs(dg) <= -C2 * dg0) return { step, f, ok: true, evaluations };
        if (dg * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
          gHi = gLo;
        }
        lo = step;
        fLo = f;
        gLo = dg;
      }
      if (Math.abs(hi - lo) < 1e-14 * Math.max(1, Math.abs(lo))) break;
    }
    // best point seen, re-evaluated so xOut/gOut match it
    if (lo === 0) return { step: 0, f: f0, ok: false, evaluations };
    const { f } = evalAt(lo);
    return { step: lo, f, ok: f < f0, evaluations };
  };

  let prevStep = 0;
  let fPrev = f0;
  let gPrev = dg0;
  let step = initialStep;
  for (let i = 0; evaluations < MAX_EVALUATIONS; i++) {
    const { f, dg } = evalAt(step);
    if (f > f0 + C1 * step * dg0 || (i > 0 && f >= fPrev)) return zoom(prevStep, fPrev, gPrev, step, f, dg);
    if (Math.abs(dg) <= -C2 * dg0) return { step, f, ok: true, evaluations };
    if (dg >= 0) return zoom(step, f, dg, prevStep, fPrev, gPrev);
    prevStep = step;
    fPrev = f;
    gPrev = dg;
    step *= 2;
  }
  return { step: 0, f: f0, ok: false, evaluations };
}
