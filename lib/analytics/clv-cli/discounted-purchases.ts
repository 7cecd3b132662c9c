/**
 * Expected purchases over (0, horizon], each period's share discounted to
 * today: sum over k = 1..ceil(H) of (E(min(k, H)) - E(k - 1)) / (1 + rate)^k,
 * where E(t) is the expected cumulative purchases t time units ahead. A
 * purchase is valued at the end of the period it falls in, as in lifetimes'
 * customer_lifetime_value. With rate 0 this is just E(H).
 */
export function discountedExpectedPurchases(cumulative: (t: number) => number, horizon: number, rate: number): number {
  if (!(horizon > 0)) return 0;
  if (rate === 0) return cumulative(horizon);
  let total = 0;
  let previous = 0;
  const periods = Math.ceil(horizon);
  for (let k = 1; k <= periods; k++) {
    const current = cumulative(Math.min(k, horizon));
    total += (current - previous) / Math.pow(1 + rate, k);
    previous = current;
  }
  return total;
}
