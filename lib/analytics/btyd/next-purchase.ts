/**
 * When a customer will buy next, from a fitted purchase model.
 *
 * Two quantities, both conditional on the customer's history (x, tx, T):
 *
 * 1. P(X(T, T + t) > 0): the probability of at least one purchase within t
 *    of the as-of date. A customer who has left buys nothing, so it is
 *    P(alive at T) · P(a purchase in (T, T + t] | alive at T). The second
 *    factor is each model's own (see purchaseIfAlive in the model files).
 *
 * 2. The purchase gap: the median time from the last purchase to the next
 *    one, for a customer who keeps buying, at the purchase rate the model
 *    infers from the history up to and including the last purchase
 *    (λ | x purchases by tx ~ gamma(r + x, α + tx), the same in BG/NBD,
 *    MBG/NBD and Pareto/NBD). The wait W for the next purchase is then
 *    Lomax: P(W > w) = ((α + tx)/(α + tx + w))^(r + x), whose median is
 *    (α + tx)(2^(1/(r+x)) - 1). The silence since tx is deliberately left
 *    out: it is what makes a customer overdue, and the model's verdict on it
 *    is already in P(alive) and the purchase probabilities. A median rather
 *    than a mean because the mean of a Lomax is infinite for r + x <= 1
 *    (a one-time buyer under a typical fit) and dominated by the tail.
 */

/** P(a gamma(shape, scale)-mixed Poisson process has at least one event within t) = 1 - (scale/(scale+t))^shape. */
export function gammaPoissonAnyWithin(shape: number, scale: number, t: number): number {
  if (!(t > 0)) return 0;
  return -Math.expm1(shape * (Math.log(scale) - Math.log(scale + t)));
}

/** Median of the wait for the next event of a gamma(shape, scale)-mixed Poisson process: scale (2^(1/shape) - 1). */
export function gammaPoissonMedianWait(shape: number, scale: number): number {
  return scale * Math.expm1(Math.LN2 / shape);
}

/** The median gap from the last purchase to the next for the gamma-Poisson purchase rate shared by the NBD-based models. */
export function medianPurchaseGap(params: { r: number; alpha: number }, x: number, tx: number): number {
  return gammaPoissonMedianWait(params.r + x, params.alpha + tx);
}
