/**
 * The models' own generative processes, for validating fits and predictions
 * against known truth (and for demo data). Each simulated customer gets a
 * calibration history on [0, T] and a holdout count on (T, T + holdout].
 */
import type { Random } from "./random.ts";
import type { DiscretePeriodData, FrequencyRecencyData } from "./types.ts";

export interface SimulatedCustomers {
  data: FrequencyRecencyData;
  /** 1 when the customer is still alive at T. */
  aliveAtT: Uint8Array;
  /** Purchases in (T, T + holdout]. */
  holdoutPurchases: Float64Array;
}

function emptyResult(n: number, T: ArrayLike<number>): SimulatedCustomers {
  return {
    data: { x: new Float64Array(n), tx: new Float64Array(n), T: Float64Array.from(T), weight: new Float64Array(n).fill(1) },
    aliveAtT: new Uint8Array(n),
    holdoutPurchases: new Float64Array(n),
  };
}

/**
 * BG/NBD (dropoutAtStart = false) and MBG/NBD (true: a customer may also leave
 * right after the first purchase). Poisson(lambda) purchases; after each one the
 * customer leaves with probability p.
 */
export function simulateBgNbdFamily(
  params: { r: number; alpha: number; a: number; b: number },
  T: ArrayLike<number>,
  holdout: number,
  rng: Random,
  dropoutAtStart = false,
): SimulatedCustomers {
  const out = emptyResult(T.length, T);
  for (let i = 0; i < T.length; i++) {
    const end = T[i]!;
    const lambda = rng.gamma(params.r, params.alpha);
    const p = rng.beta(params.a, params.b);
    let alive = !(dropoutAtStart && rng.uniform() < p);
    let t = 0;
    let x = 0;
    let tx = 0;
    let future = 0;
    while (alive) {
      t += rng.exponential(lambda);
      if (t > end + holdout) break;
      if (t <= end) {
        x++;
        tx = t;
      } else {
        future++;
      }
      if (rng.uniform() < p) alive = false;
      if (!alive && t <= end) break;
    }
    out.data.x[i] = x;
    out.data.tx[i] = tx;
    // alive at T: did not die at or before the last purchase within [0, T]
    out.aliveAtT[i] = alive || t > end ? 1 : 0;
    out.holdoutPurchases[i] = future;
  }
  return out;
}

/** Pareto/NBD: Poisson(lambda) purchases over an exponential(mu) lifetime. */
export function simulateParetoNbd(
  params: { r: number; alpha: number; s: number; beta: number },
  T: ArrayLike<number>,
  holdout: number,
  rng: Random,
): SimulatedCustomers {
  const out = emptyResult(T.length, T);
  for (let i = 0; i < T.length; i++) {
    const end = T[i]!;
    const lambda = rng.gamma(params.r, params.alpha);
    const mu = rng.gamma(params.s, params.beta);
    const lifetime = rng.exponential(mu);
    let t = 0;
    let x = 0;
    let tx = 0;
    let future = 0;
    const stop = Math.min(lifetime, end + holdout);
    for (;;) {
      t += rng.exponential(lambda);
      if (t > stop) break;
      if (t <= end) {
        x++;
        tx = t;
      } else {
        future++;
      }
    }
    out.data.x[i] = x;
    out.data.tx[i] = tx;
    out.aliveAtT[i] = lifetime > end ? 1 : 0;
    out.holdoutPurchases[i] = future;
  }
  return out;
}

/** BG/BB: each period, alive customers transact with probability p, then leave with probability theta. */
export function simulateBgBb(
  params: { alpha: number; beta: number; gamma: number; delta: number },
  customers: number,
  periods: number,
  holdoutPeriods: number,
  rng: Random,
): { data: DiscretePeriodData; aliveAfter: Uint8Array; holdoutPurchases: Float64Array } {
  const data: DiscretePeriodData = {
    x: new Float64Array(customers),
    tx: new Float64Array(customers),
    n: new Float64Array(customers).fill(periods),
    weight: new Float64Array(customers).fill(1),
  };
  const aliveAfter = new Uint8Array(customers);
  const holdoutPurchases = new Float64Array(customers);
  for (let i = 0; i < customers; i++) {
    const p = rng.beta(params.alpha, params.beta);
    const theta = rng.beta(params.gamma, params.delta);
    // death is decided at the start of each period, before the transaction (FHS 2010)
    for (let period = 1; period <= periods + holdoutPeriods + 1; period++) {
      if (rng.uniform() < theta) break;
      if (period === periods + 1) aliveAfter[i] = 1;
      if (period > periods + holdoutPeriods) break;
      if (rng.uniform() < p) {
        if (period <= periods) {
          data.x[i]!++;
          data.tx[i] = period;
        } else {
          holdoutPurchases[i]!++;
        }
      }
    }
  }
  return { data, aliveAfter, holdoutPurchases };
}
