/**
 * One experiment's results from its arms' sums: every non-control arm
 * compared with the control (Welch difference, delta-method lift,
 * incremental total, CUPED when the covariate sums are there) and the
 * sample-ratio check. The `npm run uplift` command prints exactly this, and
 * it needs nothing but per-arm sums, so campaign results can build it from
 * the per-arm aggregates a worker keeps.
 */
import { armMoments, hasCovariate, type ArmSums } from "./arm-sums.ts";
import { cupedDifference } from "./cuped.ts";
import { relativeLift } from "./delta-method.ts";
import { incrementalTotal } from "./incremental.ts";
import type { Interval } from "./interval.ts";
import { sampleRatioCheck, SAMPLE_RATIO_WARNING_P } from "./sample-ratio.ts";
import { welchDifference } from "./welch.ts";

export interface ExperimentArm {
  arm: string;
  sums: ArmSums;
}

export interface ExperimentOptions {
  metric: string;
  /** The control arm's label; it must be one of the arms. */
  control: string;
  confidence: number;
  /** Expected share (any positive weights) per arm label; null for an equal split. */
  expectedSplit: ReadonlyMap<string, number> | null;
}

export interface ArmSummary {
  arm: string;
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1). */
  sd: number;
}

export interface Comparison {
  arm: string;
  difference: Interval & { pValue: number };
  /** Null when the control mean is not positive. */
  relative: Interval | null;
  /** The difference times this arm's customers. */
  incrementalTotal: Interval;
  cuped?: Interval & { theta: number; pValue: number; narrowing: number };
}

export interface ExperimentAnalysis {
  metric: string;
  confidence: number;
  arms: ArmSummary[];
  comparisons: Comparison[];
  sampleRatio: { pValue: number; chiSquare: number; degreesOfFreedom: number; expected: Record<string, number> };
  warnings: string[];
}

const interval = ({ estimate, low, high }: Interval): Interval => ({ estimate, low, high });

/** `arms` must hold the control and at least one other arm, each of at least 2 customers. */
export function analyseExperiment(arms: readonly ExperimentArm[], options: ExperimentOptions): ExperimentAnalysis {
  const control = arms.find((a) => a.arm === options.control);
  if (control === undefined) throw new RangeError(`no arm is the control "${options.control}"`);
  const others = arms.filter((a) => a !== control);
  if (others.length === 0) throw new RangeError("there is no arm to compare with the control");
  const ordered = [control, ...others];
  const warnings: string[] = [];
  const controlMoments = armMoments(control.sums);

  const comparisons = others.map((arm): Comparison => {
    const moments = armMoments(arm.sums);
    const plain = welchDifference(controlMoments, moments, options.confidence);
    const relative = relativeLift(controlMoments, moments, options.confidence);
    if (relative === null) warnings.push(`arm "${arm.arm}": no relative lift, the control mean is not positive`);
    const comparison: Comparison = {
      arm: arm.arm,
      difference: { ...interval(plain), pValue: plain.pValue },
      relative: relative === null ? null : interval(relative),
      incrementalTotal: incrementalTotal(plain, arm.sums.n),
    };
    if (hasCovariate(control.sums) && hasCovariate(arm.sums)) {
      const cuped = cupedDifference(control.sums, arm.sums, plain, options.confidence);
      comparison.cuped = { theta: cuped.theta, ...interval(cuped), pValue: cuped.pValue, narrowing: cuped.narrowing };
    }
    return comparison;
  });

  const weights = ordered.map((a) => {
    const weight = options.expectedSplit === null ? 1 : options.expectedSplit.get(a.arm);
    if (weight === undefined) throw new RangeError(`the expected split has no share for arm "${a.arm}"`);
    return weight;
  });
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  const srm = sampleRatioCheck(
    ordered.map((a) => a.sums.n),
    weights,
  );
  if (srm.mismatch) {
    const observed = ordered.map((a) => `${a.arm} ${a.sums.n}`).join(", ");
    const p = srm.pValue < 1e-300 ? "< 1e-300" : `= ${srm.pValue.toPrecision(2)}`;
    warnings.push(`sample ratio mismatch (p ${p}, below ${SAMPLE_RATIO_WARNING_P}): the arms' sizes (${observed}) do not fit the expected split; assignment or data collection may be broken, so treat every other number with suspicion`);
  }

  return {
    metric: options.metric,
    confidence: options.confidence,
    arms: ordered.map((a) => {
      const m = armMoments(a.sums);
      return { arm: a.arm, n: m.n, mean: m.mean, sd: Math.sqrt(m.variance) };
    }),
    comparisons,
    sampleRatio: {
      pValue: srm.pValue,
      chiSquare: srm.chiSquare,
      degreesOfFreedom: srm.degreesOfFreedom,
      expected: Object.fromEntries(ordered.map((a, i) => [a.arm, weights[i]! / totalWeight])),
    },
    warnings,
  };
}
