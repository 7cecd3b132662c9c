/**
 * BFGS quasi-Newton minimisation with a strong-Wolfe line search (Nocedal &
 * Wright, Algorithm 6.1). The models have 2 to 4 parameters, so the dense
 * inverse-Hessian update is the cheap part; the objective is the cost.
 */
import { strongWolfeLineSearch, type Objective } from "./line-search.ts";

export interface MinimizeOptions {
  maxIterations?: number;
  /** Stop when max |gradient| falls below this. */
  gradientTolerance?: number;
  /**
   * Starting inverse Hessian (row-major n x n), e.g. from the same objective on
   * a subsample: with it the first steps are already Newton-like instead of
   * spending iterations learning the curvature. Identity when absent.
   */
  initialInverseHessian?: Float64Array;
}

export interface MinimizeResult {
  x: Float64Array;
  f: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

export function minimizeBfgs(objective: Objective, start: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const maxIterations = options.maxIterations ?? 200;
  const gtol = options.gradientTolerance ?? 1e-8;
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let f = objective(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f) || g.some((v) => !Number.isFinite(v))) {
    return { x, f: Number.isFinite(f) ? f : Infinity, gradient: g, iterations: 0, evaluations, converged: false };
  }
  // inverse Hessian approximation, identity until the first curvature pair
  const H = new Float64Array(n * n);
  const warm = options.initialInverseHessian;
  if (warm && warm.length === n * n) H.set(warm);
  else for (let i = 0; i < n; i++) H[i * n + i] = 1;
  const direction = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  let converged = false;
  let iterations = 0;
  let firstStep = !(warm && warm.length === n * n);
  let stalls = 0;

  for (; iterations < maxIterations; iterations++) {
    let gMax = 0;
    for (let i = 0; i < n; i++) gMax = Math.max(gMax, Math.abs(g[i]!));
    if (gMax < gtol) {
      converged = true;
      break;
    }
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let j = 0; j < n; j++) d -= H[i * n + j]! * g[j]!;
      direction[i] = d;
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += direction[i]! * g[i]!;
    if (!(slope < 0)) {
      // lost descent (numerical noise in H): restart from steepest descent
      H.fill(0);
      for (let i = 0; i < n; i++) {
        H[i * n + i] = 1;
        direction[i] = -g[i]!;
      }
      firstStep = true;
    }
    // a step whose predicted decrease is below the rounding noise of f cannot be verified by a
    // line search (which would spend its whole budget on noise): with a small gradient, stop here
    if (-slope < 1e-14 * Math.max(1, Math.abs(f)) && gMax < Math.max(gtol, 1e-6)) {
      converged = true;
      break;
    }
    let initialStep = 1;
    if (firstStep) {
      // first step: at most a unit move on the log-parameter scale
      let dMax = 0;
      for (let i = 0; i < n; i++) dMax = Math.max(dMax, Math.abs(direction[i]!));
      initialStep = Math.min(1, 1 / dMax);
    }
    const ls = strongWolfeLineSearch(objective, x, f, g, direction, initialStep, xNew, gNew);
    evaluations += ls.evaluations;
    if (!ls.ok) {
      // no decrease possible within floating-point precision: a small gradient here is an optimum
      if (gMax < Math.max(gtol, 1e-6)) {
        converged = true;
        break;
      }
      if (firstStep) break;
      // retry once from steepest descent with a fresh Hessian
      H.fill(0);
      for (let i = 0; i < n; i++) H[i * n + i] = 1;
      firstStep = true;
      if (++stalls > 2) break;
      continue;
    }
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    const fOld = f;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = ls.f;
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      sy += s[i]! * y[i]!;
      yy += y[i]! * y[i]!;
    }
    if (sy > 1e-12 * Math.sqrt(yy) * Math.hypot(...s)) {
      if (firstStep) {
        // scale the initial identity to the observed curvature (N&W eq. 6.20)
        const scale = sy / yy;
        H.fill(0);
        for (let i = 0; i < n; i++) H[i * n + i] = scale;
        firstStep = false;
      }
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += H[i * n + j]! * y[j]!;
        Hy[i] = v;
      }
      let yHy = 0;
      for (let i = 0; i < n; i++) yHy += y[i]! * Hy[i]!;
      const rho = 1 / sy;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] =
            H[i * n + j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!;
        }
      }
    }
    if (Math.abs(fOld - f) <= 1e-15 * Math.max(1, Math.abs(f))) {
      if (++stalls > 2) {
        converged = true;
        iterations++;
        break;
      }
    } else {
      stalls = 0;
    }
  }
  return { x, f, gradient: g, iterations, evaluations, converged };
}
