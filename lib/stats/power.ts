/**
 * Minimum detectable effect at launch: the smallest true difference in mean
 * revenue per customer that a two-sided test at level α detects with the
 * given power, for this audience and control share, from the segment's
 * historical standard deviation:
 *   MDE = (z_{1−α/2} + z_{power}) · σ · √(1/n_control + 1/n_treatment).
 * The normal approximation is the usual one for planning; at the audiences
 * campaigns have it is indistinguishable from the t version.
 */
import { armMoments, type ArmSums } from "./arm-sums.ts";
import { normalQuantile } from "./distributions/normal.ts";

export interface MdeInputs {
  audience: number;
  /** Share of the audience held out as control, in (0, 1). */
  controlShare: number;
  /** Historical mean revenue per customer over a window like the campaign's. */
  historicalMean: number;
  /** Historical standard deviation of revenue per customer over that window. */
  historicalSd: number;
  alpha?: number;
  power?: number;
}

export interface MinimumDetectableEffect {
  controlCustomers: number;
  treatedCustomers: number;
  /** Smallest detectable difference in mean revenue per customer. */
  absolute: number;
  /** The same as a share of the historical mean (0.05 = a 5% lift); null without a positive mean. */
  relative: number | null;
}

export function minimumDetectableEffect(inputs: MdeInputs): MinimumDetectableEffect {
  const { audience, controlShare, historicalMean, historicalSd } = inputs;
  const alpha = inputs.alpha ?? 0.05;
  const power = inputs.power ?? 0.8;
  if (!(controlShare > 0 && controlShare < 1)) throw new RangeError("the control share must be between 0 and 1");
  if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) throw new RangeError("alpha and power must be between 0 and 1");
  if (!(historicalSd >= 0)) throw new RangeError("the standard deviation cannot be negative");
  const controlCustomers = audience * controlShare;
  const treatedCustomers = audience - controlCustomers;
  if (!(controlCustomers > 0 && treatedCustomers > 0)) throw new RangeError("the audience is too small to split");
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(power);
  const absolute = z * historicalSd * Math.sqrt(1 / controlCustomers + 1 / treatedCustomers);
  return { controlCustomers, treatedCustomers, absolute, relative: historicalMean > 0 ? absolute / historicalMean : null };
}

/** The segment's history as MdeInputs want it, from the sums of revenue per customer over a past window. */
export function historyFromSums(history: ArmSums): Pick<MdeInputs, "historicalMean" | "historicalSd"> {
  const m = armMoments(history);
  return { historicalMean: m.mean, historicalSd: Math.sqrt(m.variance) };
}
