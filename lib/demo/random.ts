/**
 * Seeded pseudo-random numbers for the demo data generator.
 *
 * Every customer gets its own independent streams derived from (seed, customer
 * index, stream tag), so one customer's data never depends on how much
 * randomness an earlier customer consumed, and a pass over the customers can be
 * repeated (count first, then load) with identical results. The generator is
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand-clean at
 * this scale), seeded through murmur3's finaliser so nearby indexes give
 * unrelated states. Only 32-bit integer maths and V8's own transcendental
 * functions are used, so a seed reproduces the same bytes on any machine that
 * runs the same Node major version.
 */

/** murmur3 fmix32: a bijective 32-bit avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes any number of 32-bit words into one well-spread word. */
export function hashWords(...words: number[]): number {
  let h = 0x9e3779b9;
  for (const w of words) h = fmix32((h ^ fmix32(w >>> 0)) + 0x7f4a7c15);
  return h;
}

/** Splits a non-negative integer seed (up to 2^53) into two 32-bit words. */
export function seedWords(seed: number): [number, number] {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative safe integer, got ${seed}`);
  return [seed >>> 0, Math.floor(seed / 4294967296) >>> 0];
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...words: number[]) {
    this.a = hashWords(0x243f6a88, ...words);
    this.b = hashWords(0x85a308d3, ...words);
    this.c = hashWords(0x13198a2e, ...words);
    this.d = 1;
    // sfc32 needs a few rounds before its output is independent of the seed words.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on the open interval (0, 1): never 0 or 1, so logs and inverse CDFs are always finite. */
  uniform(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** Exponential with the given rate (mean 1 / rate). */
  exponential(rate: number): number {
    return -Math.log(this.uniform()) / rate;
  }

  /** Standard normal (Box–Muller; one value per call keeps the stream stateless between calls). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(this.uniform())) * Math.cos(2 * Math.PI * this.uniform());
  }

  /**
   * Gamma with shape k and rate θ (mean k / θ), Marsaglia & Tsang (2000);
   * shapes below 1 use the boost Gamma(k) = Gamma(k + 1) · U^(1/k).
   */
  gamma(shape: number, rate: number): number {
    if (!(shape > 0) || !(rate > 0)) throw new Error(`gamma needs positive shape and rate, got ${shape}, ${rate}`);
    if (shape < 1) return this.gamma(shape + 1, rate) * Math.pow(this.uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return (d * v) / rate;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return (d * v) / rate;
    }
  }

  /** Poisson by inversion of the product of uniforms (Knuth); fine for the small means used here. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) {
      // Split so exp(-mean) never underflows: a sum of Poissons is Poisson.
      const half = mean / 2;
      return this.poisson(half) + this.poisson(mean - half);
    }
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }

  /** Index drawn from a cumulative-weights table (last entry = total). */
  pickCumulative(cumulative: Float64Array | readonly number[]): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    const target = this.uniform() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }
}

/** Running sums of weights, for Rng.pickCumulative. */
export function cumulativeWeights(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}
