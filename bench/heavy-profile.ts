import { DEFAULT_PARAMETERS, type GenerativeParameters } from "../lib/demo/generative-model.ts";

/**
 * The bench database's purchase-heavy profile: the calibrated retailer with
 * each customer's purchase rate 6.5 times higher and customers dropping out
 * a third as often, which gives about 10 orders (17 lines) a customer over the
 * three years. Benchmarks are sized for this volume (1M customers, about 10M
 * orders); the demo keeps the calibrated default.
 */
export const HEAVY_BENCH_PARAMETERS: GenerativeParameters = {
  ...DEFAULT_PARAMETERS,
  purchaseRate: { r: DEFAULT_PARAMETERS.purchaseRate.r, alpha: DEFAULT_PARAMETERS.purchaseRate.alpha / 6.5 },
  dropoutRate: { s: DEFAULT_PARAMETERS.dropoutRate.s, beta: DEFAULT_PARAMETERS.dropoutRate.beta * 3 },
  // Browsing follows the purchase rate; scaled back so events stay near 4 a customer, not 23.
  events: { ...DEFAULT_PARAMETERS.events, sessionsPerExpectedOrder: DEFAULT_PARAMETERS.events.sessionsPerExpectedOrder / 6 },
};
