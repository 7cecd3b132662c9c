/** Public API of the buy-till-you-die models: fits, predictions, CLV, intervals. */
import { bgBb } from "./bg-bb.ts";
import { bgNbd } from "./bg-nbd.ts";
import { gammaGamma } from "./gamma-gamma.ts";
import { mbgNbd } from "./mbg-nbd.ts";
import { paretoNbd } from "./pareto-nbd.ts";
import type { ModelName } from "./types.ts";

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
export { simulateBgNbdFamily, simulateParetoNbd, simulateBgBb } from "./simulate.ts";

/** Every model by name; transaction models share one interface, the others have their own. */
export const models = {
  "bg-nbd": bgNbd,
  "mbg-nbd": mbgNbd,
  "pareto-nbd": paretoNbd,
  "gamma-gamma": gammaGamma,
  "bg-bb": bgBb,
} satisfies Record<ModelName, { name: ModelName; paramNames: readonly string[] }>;

/** The continuous-time transaction models, for code that picks one by name. */
export type TransactionModelName = "bg-nbd" | "mbg-nbd" | "pareto-nbd";
