/**
 * Sample-ratio-mismatch check: Pearson's chi-square of the arms' counts
 * against the configured split. A mismatch means assignment or logging is
 * broken (Fabijan et al., 2019, "Diagnosing Sample Ratio Mismatch in Online
 * Controlled Experiments"), and every other number of the experiment is then
 * suspect. The warning threshold is p < 0.001, as there: with many
 * experiments a looser one would warn about healthy ones every week.
 */
import { chiSquareSurvival } from "./distributions/chi-square.ts";

export const SAMPLE_RATIO_WARNING_P = 0.001;

export interface SampleRatioCheck {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  mismatch: boolean;
}

/** `expectedShares` are weights per arm (normalised here); counts and shares pair by index. */
export function sampleRatioCheck(counts: readonly number[], expectedShares: readonly number[]): SampleRatioCheck {
  if (counts.length !== expectedShares.length) throw new RangeError("one expected share per arm");
  if (counts.length < 2) throw new RangeError("a split needs at least two arms");
  if (expectedShares.some((s) => !(s > 0) || !Number.isFinite(s))) throw new RangeError("expected shares must be positive");
  const total = counts.reduce((a, b) => a + b, 0);
  const weight = expectedShares.reduce((a, b) => a + b, 0);
  let chiSquare = 0;
  counts.forEach((observed, i) => {
    const expected = (total * expectedShares[i]!) / weight;
    chiSquare += ((observed - expected) * (observed - expected)) / expected;
  });
  const degreesOfFreedom = counts.length - 1;
  const pValue = total === 0 ? 1 : chiSquareSurvival(chiSquare, degreesOfFreedom);
  return { chiSquare, degreesOfFreedom, pValue, mismatch: pValue < SAMPLE_RATIO_WARNING_P };
}
