/**
 * Maximum likelihood driver shared by every model: BFGS on log-parameters
 * from several starting points, screened on a random subsample when the data
 * are large, polished on the full data, then the delta-method covariance of
 * the natural parameters from the Hessian at the optimum (the model's analytic
 * one when it has it, else central differences of the gradient).
 */
import type { FitOptions, FitResult, ModelName, ParamMap } from "../types.ts";
import { invertSpd } from "./linear-algebra.ts";
import { minimizeBfgs } from "./minimize-bfgs.ts";
import { centralGradient, hessianFromGradient } from "./numeric-derivatives.ts";

export interface LikelihoodProblem {
  /**
   * Weighted total log-likelihood at natural parameters. When `gradient` is
   * given and `hasGradient` is true, also fills d LL / d param (natural scale).
   * Returns -Infinity (or NaN) where the likelihood is not defined.
   */
  logLikelihood(params: Float64Array, gradient: Float64Array | null): number;
  hasGradient: boolean;
  /** Optional Hessian of the weighted total log-likelihood at natural parameters. */
  hessian?: (params: Float64Array) => number[][];
  /** Sum of weights: the number of customers. */
  customers: number;
}

export interface MleSpec {
  model: ModelName;
  paramNames: readonly string[];
  problem: LikelihoodProblem;
  /** Smaller problem used to screen the starting points (null: screen on the full data). */
  screening?: LikelihoodProblem | null;
  /** Starting points on the natural scale. */
  defaultStarts: readonly (readonly number[])[];
}

function logObjective(problem: LikelihoodProblem, penalizer: number) {
  const n = problem.customers;
  const natural = new Float64Array(0);
  let params = natural;
  let gradNatural = natural;
  const valueAt = (theta: Float64Array, wantGradient: boolean): number => {
    if (params.length !== theta.length) {
      params = new Float64Array(theta.length);
      gradNatural = new Float64Array(theta.length);
    }
    for (let i = 0; i < theta.length; i++) params[i] = Math.exp(theta[i]!);
    if (params.some((p) => !(p > 0 && Number.isFinite(p)))) return Infinity;
    const ll = problem.logLikelihood(params, wantGradient ? gradNatural : null);
    if (!Number.isFinite(ll)) return Infinity;
    let penalty = 0;
    for (let i = 0; i < params.length; i++) penalty += params[i]! * params[i]!;
    return -ll / n + penalizer * penalty;
  };
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    if (!problem.hasGradient) {
      const f = valueAt(theta, false);
      if (Number.isFinite(f)) centralGradient((t) => valueAt(t, false), theta, grad);
      return f;
    }
    const f = valueAt(theta, true);
    if (!Number.isFinite(f)) return f;
    for (let i = 0; i < theta.length; i++) {
      // chain rule to the log scale: d/dθ = p d/dp
      grad[i] = (-gradNatural[i]! * params[i]!) / n + 2 * penalizer * params[i]! * params[i]!;
    }
    return f;
  };
  return objective;
}

/**
 * Inverse Hessian of a per-customer objective at theta, for warm-starting the
 * full-data BFGS from the subsample optimum: both objectives are means over
 * customers, so the subsample's curvature is an estimate of the full data's.
 * Undefined when it is not positive definite there.
 */
function curvatureAt(objective: (theta: Float64Array, grad: Float64Array) => number, theta: Float64Array): Float64Array | undefined {
  const hessian = hessianFromGradient((t, out) => void objective(t, out), theta);
  const inverse = invertSpd(hessian);
  if (!inverse || inverse.some((row) => row.some((v) => !Number.isFinite(v)))) return undefined;
  return Float64Array.from(inverse.flat());
}

export function fitMle<P extends ParamMap>(spec: MleSpec, options: FitOptions = {}): FitResult<P> {
  const { problem, paramNames } = spec;
  const k = paramNames.length;
  const penalizer = options.penalizer ?? 0;
  const maxIterations = options.maxIterations ?? 300;
  const tolerance = options.tolerance ?? 1e-8;
  const starts: number[][] = [
    ...spec.defaultStarts.map((s) => s.map(Math.log)),
    ...(options.starts ?? []).map((s) => [...s]),
  ];
  for (const s of starts) {
    if (s.length !== k) throw new Error(`${spec.model}: a starting point needs ${k} values`);
  }
  const screening = spec.screening ?? problem;
  const screenObjective = logObjective(screening, penalizer);
  let best: { x: Float64Array; f: number } | null = null;
  let iterations = 0;
  for (const start of starts) {
    const run = minimizeBfgs(screenObjective, start, {
      maxIterations,
      // screening only has to land in the right basin when the full data follow
      gradientTolerance: screening === problem ? tolerance : 1e-5,
    });
    iterations += run.iterations;
    if (Number.isFinite(run.f) && (!best || run.f < best.f)) best = { x: run.x, f: run.f };
  }
  if (!best) throw new Error(`${spec.model}: the likelihood could not be evaluated at any starting point`);
  const fullObjective = logObjective(problem, penalizer);
  const final = minimizeBfgs(fullObjective, best.x, {
    maxIterations,
    gradientTolerance: tolerance,
    initialInverseHessian: screening === problem ? undefined : curvatureAt(screenObjective, best.x),
  });
  iterations += final.iterations;
  const theta = final.x;

  const params = Array.from(theta, Math.exp);
  const naturalGradient = new Float64Array(k);
  const logLikelihood = problem.logLikelihood(Float64Array.from(params), problem.hessian ? naturalGradient : null);

  // Hessian of the negative total log-likelihood on the log scale (no penalty)
  let hessian: number[][];
  if (problem.hessian) {
    // θ = ln p: d²LL/dθi dθj = p_i p_j H_ij + [i = j] p_i dLL/dp_i
    const natural = problem.hessian(Float64Array.from(params));
    hessian = natural.map((row, i) =>
      row.map((h, j) => -(params[i]! * params[j]! * h + (i === j ? params[i]! * naturalGradient[i]! : 0))),
    );
  } else {
    const unpenalised = logObjective(problem, 0);
    const gradTotal = (t: Float64Array, out: Float64Array) => {
      unpenalised(t, out);
      for (let i = 0; i < out.length; i++) out[i] = out[i]! * problem.customers;
    };
    hessian = hessianFromGradient(gradTotal, theta);
  }
  const inverse = invertSpd(hessian);
  const covariance: number[][] = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      if (!inverse) return i === j ? Infinity : 0;
      // delta method: Cov(p) = J Cov(θ) J with J = diag(p)
      return params[i]! * inverse[i]![j]! * params[j]!;
    }),
  );
  const paramRecord: Record<string, number> = {};
  const standardErrors: Record<string, number> = {};
  paramNames.forEach((name, i) => {
    paramRecord[name] = params[i]!;
    standardErrors[name] = Math.sqrt(covariance[i]![i]!);
  });
  const customers = problem.customers;
  return {
    model: spec.model,
    params: paramRecord as unknown as P,
    logLikelihood,
    standardErrors: standardErrors as FitResult<P>["standardErrors"],
    paramNames: [...paramNames] as FitResult<P>["paramNames"],
    covariance,
    customers,
    aic: 2 * k - 2 * logLikelihood,
    bic: k * Math.log(customers) - 2 * logLikelihood,
    converged: final.converged,
    iterations,
  };
}
