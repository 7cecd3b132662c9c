/** Public API of the buy-till-you-die models: fits, predictions, CLV, intervals. */
export type * from "./types.ts";
export { bgNbd, type BgNbdParams } from "./bg-nbd.ts";
export { mbgNbd, type MbgNbdParams } from "./mbg-nbd.ts";
export { paretoNbd, type ParetoNbdParams } from "./pareto-nbd.ts";
export { gammaGamma, type GammaGammaParams } from "./gamma-gamma.ts";
export { bgBb, bgBbDert, type BgBbParams } from "./bg-bb.ts";
export {
  customerLifetimeValues,
  discountedExpectedPurchases,
  paretoNbdDert,
  continuousDiscountRate,
  bgNbdExpectedRemainingPurchases,
  paretoNbdExpectedRemainingPurchases,
  type HorizonOptions,
} from "./clv.ts";
export { customerIntervals, drawParameters, type CustomerIntervals, type IntervalOptions } from "./uncertainty.ts";
export { logHyp2f1, hyp2f1 } from "./math/hyp2f1.ts";
export { Random } from "./random.ts";
export { gammaPoissonAnyWithin, gammaPoissonMedianWait, medianPurchaseGap } from "./next-purchase.ts";
export { simulateBgNbdFamily, simulateParetoNbd, simulateBgBb } from "./simulate.ts";

