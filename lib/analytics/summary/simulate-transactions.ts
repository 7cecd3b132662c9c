import { DAYS_PER_UNIT, type TimeUnit } from "./summarize-transactions.ts";
import type { TransactionRecord } from "./transaction-columns.ts";

/** Small seeded generator (mulberry32): reproducible simulations for tests, demos and benchmarks. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

function standardNormal(random: () => number): number {
  // Box-Muller; 1 - u keeps the log argument away from 0.
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, rate) by Marsaglia and Tsang, boosted for shape < 1. */
export function sampleGamma(random: () => number, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(random, shape + 1, rate) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = standardNormal(random);
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function sampleBeta(random: () => number, a: number, b: number): number {
  const g1 = sampleGamma(random, a, 1);
  const g2 = sampleGamma(random, b, 1);
  return g1 / (g1 + g2);
}

export interface BgNbdSimulationOptions {
  customers: number;
  /** Customers are acquired uniformly over [firstDay, firstDay + acquisitionDays). */
  firstDay: number;
  acquisitionDays: number;
  /** Last calendar day simulated (inclusive). */
  lastDay: number;
  /** Unit the rates r/alpha are expressed in. */
  timeUnit: TimeUnit;
  seed: number;
  /** Spend per purchase: gamma with this shape and a customer-level rate drawn as Gamma(q, gamma) (Gamma-Gamma). */
  spend?: { p: number; q: number; gamma: number };
}

/**
 * Transactions from the BG/NBD story (Fader, Hardie and Lee 2005): each
 * customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha) and,
 * after each repeat purchase, drops out for good with probability
 * p ~ Beta(a, b). Purchase times are continuous and land on the calendar day
 * they fall in. Used to check that a fit recovers the parameters it was fed.
 * Two purchases on one day become one purchase day in a summary, so with fast
 * buyers (a small r with a small alpha) the data hold a few percent fewer
 * repeat purchases than the continuous-time model implies.
 */
export function simulateBgNbdTransactions(
  params: { r: number; alpha: number; a: number; b: number },
  options: BgNbdSimulationOptions,
): TransactionRecord[] {
  const random = seededRandom(options.seed);
  const daysPerUnit = DAYS_PER_UNIT[options.timeUnit];
  const records: TransactionRecord[] = [];
  for (let c = 0; c < options.customers; c++) {
    const customerId = `c${c + 1}`;
    const birthDay = options.firstDay + Math.floor(random() * options.acquisitionDays);
    const horizon = (options.lastDay + 1 - birthDay) / daysPerUnit;
    const lambda = sampleGamma(random, params.r, params.alpha);
    const p = sampleBeta(random, params.a, params.b);
    const spendRate = options.spend ? sampleGamma(random, options.spend.q, options.spend.gamma) : 0;
    const amount = () =>
      options.spend ? Math.round(sampleGamma(random, options.spend.p, spendRate) * 100) / 100 : undefined;
    const push = (day: number) => {
      const value = amount();
      records.push(value === undefined ? { customerId, day } : { customerId, day, amount: value });
    };
    push(birthDay);
    let t = 0;
    for (;;) {
      t += -Math.log(1 - random()) / lambda;
      if (!(t < horizon)) break;
      push(birthDay + Math.floor(t * daysPerUnit));
      if (random() < p) break;
    }
  }
  return records;
}
