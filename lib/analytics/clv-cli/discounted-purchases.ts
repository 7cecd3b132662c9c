/**
 * Expected purchases over (0, horizon], each period's share discounted to
 * today: sum over k = 1..ceil(H) of (E(min(k, H)) - E(k - 1)) / (1 + rate)^k,
 * where E(t) is the expected cumulative purchases t time units ahead. A
 * purchase is valued at the end of the period it falls in, as in lifetimes'
 * customer_lifetime_value. With rate 0 this is just E(H).
 *
 * Vectorised over customers: `cumulative(t)` returns E(t) for all of them, so
 * a bulk scorer runs once per period and memory stays at two arrays.
 */
export function discountedExpectedPurchases(
  cumulative: (t: number) => Float64Array,
  horizon: number,
  rate: number,
): Float64Array {
  if (!(horizon > 0)) throw new RangeError("horizon must be positive");
  if (rate === 0) return cumulative(horizon);
  let previous: Float64Array | null = null;
  let total: Float64Array | null = null;
  const periods = Math.ceil(horizon);
  for (let k = 1; k <= periods; k++) {
    const current = cumulative(Math.min(k, horizon));
    total ??= new Float64Array(current.length);
    const factor = Math.pow(1 + rate, -k);
    for (let i = 0; i < current.length; i++) total[i]! += (current[i]! - (previous ? previous[i]! : 0)) * factor;
    previous = current;
  }
  return total!;
}
