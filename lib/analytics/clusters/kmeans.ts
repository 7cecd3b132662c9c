import { Random } from "../btyd/random.ts";

/**
 * k-means over rows stored flat in a Float64Array (row i is
 * data[i*dims .. i*dims+dims)), so a million customers cost one allocation.
 * Seeded k-means++ starts, Lloyd iterations; the same data and seed give the
 * same centroids and labels on every platform.
 */
export interface Matrix {
  data: Float64Array;
  rows: number;
  dims: number;
}

export interface KMeansResult {
  k: number;
  /** k × dims, flat. */
  centroids: Float64Array;
  labels: Int32Array;
  /** Sum of squared distances to the assigned centroid. */
  inertia: number;
  iterations: number;
}

export interface KMeansOptions {
  seed: number;
  maxIterations?: number;
  /** Independent k-means++ starts; the lowest inertia wins. */
  restarts?: number;
  /** Start from these centroids instead of k-means++ (k × dims, flat). */
  initial?: Float64Array;
  /** Stop once an iteration moves at most this many rows (0: run to a fixed point). */
  settledBelow?: number;
}

export function kmeans(m: Matrix, k: number, options: KMeansOptions): KMeansResult {
  if (k < 1 || k > m.rows) throw new Error(`k must be between 1 and the number of rows (${m.rows}); got ${k}.`);
  const rng = new Random(options.seed);
  const restarts = options.initial ? 1 : Math.max(1, options.restarts ?? 1);
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const start = options.initial ? Float64Array.from(options.initial) : kmeansPlusPlus(m, k, rng);
    const result = lloyd(m, k, start, options.maxIterations ?? 100, options.settledBelow ?? 0);
    if (!best || result.inertia < best.inertia) best = result;
  }
  return best!;
}

/** k-means++ seeding: each next centre drawn with probability proportional to squared distance to the nearest chosen one. */
export function kmeansPlusPlus(m: Matrix, k: number, rng: Random): Float64Array {
  const { data, rows, dims } = m;
  const centroids = new Float64Array(k * dims);
  const first = Math.floor(rng.uniform() * rows);
  centroids.set(data.subarray(first * dims, first * dims + dims), 0);
  const nearest = new Float64Array(rows);
  for (let i = 0; i < rows; i++) nearest[i] = sqDist(data, i * dims, centroids, 0, dims);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < rows; i++) total += nearest[i]!;
    let chosen = rows - 1;
    if (total > 0) {
      let target = rng.uniform() * total;
      for (let i = 0; i < rows; i++) {
        target -= nearest[i]!;
        if (target <= 0) {
          chosen = i;
          break;
        }
      }
    } else {
      chosen = Math.floor(rng.uniform() * rows); // every row equals a chosen centre already
    }
    centroids.set(data.subarray(chosen * dims, chosen * dims + dims), c * dims);
    for (let i = 0; i < rows; i++) {
      const d = sqDist(data, i * dims, centroids, c * dims, dims);
      if (d < nearest[i]!) nearest[i] = d;
    }
  }
  return centroids;
}

function lloyd(m: Matrix, k: number, centroids: Float64Array, maxIterations: number, settledBelow: number): KMeansResult {
  const { data, rows, dims } = m;
  const labels = new Int32Array(rows).fill(-1);
  const sums = new Float64Array(k * dims);
  const counts = new Float64Array(k);
  let iterations = 0;
  let inertia = 0;
  for (;;) {
    let changed = 0;
    inertia = 0;
    // The nearest centre inlined (no [label, distance] pair per row): this loop runs rows × iterations times.
    for (let i = 0; i < rows; i++) {
      const off = i * dims;
      let label = 0;
      let dist = Infinity;
      for (let c = 0, coff = 0; c < k; c++, coff += dims) {
        let d = 0;
        for (let j = 0; j < dims; j++) {
          const x = data[off + j]! - centroids[coff + j]!;
          d += x * x;
        }
        if (d < dist) {
          dist = d;
          label = c;
        }
      }
      if (labels[i] !== label) {
        labels[i] = label;
        changed++;
      }
      inertia += dist;
    }
    if (changed <= settledBelow || iterations >= maxIterations) break;
    iterations++;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < rows; i++) {
      const c = labels[i]!;
      counts[c]!++;
      const off = i * dims;
      const coff = c * dims;
      for (let j = 0; j < dims; j++) sums[coff + j]! += data[off + j]!;
    }
    for (let c = 0; c < k; c++) {
      // An emptied cluster keeps its old centre rather than collapsing to NaN.
      if (counts[c] === 0) continue;
      for (let j = 0; j < dims; j++) centroids[c * dims + j] = sums[c * dims + j]! / counts[c]!;
    }
  }
  return { k, centroids, labels, inertia, iterations };
}

export function nearestCentroid(data: Float64Array, off: number, centroids: Float64Array, k: number, dims: number): [number, number] {
  let best = 0;
  let bestDist = Infinity;
  for (let c = 0; c < k; c++) {
    const d = sqDist(data, off, centroids, c * dims, dims);
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return [best, bestDist];
}

function sqDist(a: Float64Array, aOff: number, b: Float64Array, bOff: number, dims: number): number {
  let s = 0;
  for (let j = 0; j < dims; j++) {
    const d = a[aOff + j]! - b[bOff + j]!;
    s += d * d;
  }
  return s;
}

/**
 * Distances between every pair of rows, packed: the pair (i, j), i < j, is at
 * i·rows − i(i+1)/2 + (j − i − 1). They do not depend on the labels, so
 * choosing k computes them once for every candidate (3,000 rows: 4.5M
 * distances, 36 MB) instead of once per candidate.
 */
export interface PairwiseDistances {
  rows: number;
  packed: Float64Array;
}

export function pairwiseDistances(m: Matrix): PairwiseDistances {
  const { data, rows, dims } = m;
  const packed = new Float64Array((rows * (rows - 1)) / 2);
  let p = 0;
  for (let i = 0; i < rows; i++) for (let j = i + 1; j < rows; j++) packed[p++] = Math.sqrt(sqDist(data, i * dims, data, j * dims, dims));
  return { rows, packed };
}

/**
 * Mean silhouette of a labelled set (Rousseeuw 1987): for each row, a = mean
 * distance to its own cluster, b = smallest mean distance to another cluster,
 * s = (b − a) / max(a, b), 0 for a row alone in its cluster. O(rows²): callers
 * pass a fixed-size sample.
 */
export function meanSilhouette(m: Matrix, labels: Int32Array, k: number): number {
  if (m.rows < 2) return 0;
  return silhouetteOfDistances(pairwiseDistances(m), labels, k);
}

/** The mean silhouette from distances computed once; each row's sums add the other rows in index order, as the definition reads. */
export function silhouetteOfDistances(dist: PairwiseDistances, labels: Int32Array, k: number): number {
  const { rows, packed } = dist;
  if (rows < 2) return 0;
  const sizes = new Float64Array(k);
  for (let i = 0; i < rows; i++) sizes[labels[i]!]!++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    sums.fill(0);
    // Rows before i: the pair (j, i) sits in row j's run of the packed array, one column per j.
    for (let j = 0, p = i - 1; j < i; j++) {
      sums[labels[j]!]! += packed[p]!;
      p += rows - j - 2;
    }
    // Rows after i: contiguous.
    for (let j = i + 1, p = i * rows - (i * (i + 1)) / 2; j < rows; j++, p++) sums[labels[j]!]! += packed[p]!;
    const own = labels[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    if (!Number.isFinite(b)) continue;
    const denom = Math.max(a, b);
    total += denom > 0 ? (b - a) / denom : 0;
  }
  return total / rows;
}

/** A seeded sample of row indexes without replacement (partial Fisher–Yates), in ascending order. */
export function sampleRows(rows: number, size: number, rng: Random): Int32Array {
  if (size >= rows) return Int32Array.from({ length: rows }, (_, i) => i);
  const idx = Int32Array.from({ length: rows }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rng.uniform() * (rows - i));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.subarray(0, size).sort();
}

export function subMatrix(m: Matrix, rows: Int32Array): Matrix {
  const data = new Float64Array(rows.length * m.dims);
  for (let i = 0; i < rows.length; i++) data.set(m.data.subarray(rows[i]! * m.dims, rows[i]! * m.dims + m.dims), i * m.dims);
  return { data, rows: rows.length, dims: m.dims };
}

export interface ChooseKOptions {
  seed: number;
  kMin: number;
  kMax: number;
  /** Rows k-means is fitted on for each candidate k. */
  fitSample?: number;
  /** Rows the silhouette is computed on (O(n²)). */
  silhouetteSample?: number;
}

export interface KChoice {
  k: number;
  /** Mean silhouette of each candidate k that could be tried. */
  silhouettes: { k: number; silhouette: number }[];
  /** The chosen k's centroids on the fit sample: a warm start for the fit on every row. */
  centroids: Float64Array;
}

/**
 * Picks k in [kMin, kMax] by the highest mean silhouette. Each candidate is
 * fitted on one seeded sample and scored on a fixed seeded subsample of it,
 * so the cost does not grow with the number of customers.
 */
export function chooseK(m: Matrix, options: ChooseKOptions): KChoice {
  const rng = new Random(options.seed ^ 0x5bd1e995);
  const fitRows = sampleRows(m.rows, options.fitSample ?? 20_000, rng);
  const fit = subMatrix(m, fitRows);
  const silRows = sampleRows(fit.rows, options.silhouetteSample ?? 3_000, rng);
  const sil = subMatrix(fit, silRows);
  const silDistances = pairwiseDistances(sil);
  const kMax = Math.min(options.kMax, fit.rows - 1);
  const silhouettes: { k: number; silhouette: number }[] = [];
  let best: { k: number; silhouette: number; centroids: Float64Array } | null = null;
  for (let k = Math.max(2, options.kMin); k <= kMax; k++) {
    const result = kmeans(fit, k, { seed: options.seed + k, restarts: 2, maxIterations: 60, settledBelow: Math.floor(fit.rows / 5_000) });
    const labels = new Int32Array(sil.rows);
    for (let i = 0; i < silRows.length; i++) labels[i] = result.labels[silRows[i]!]!;
    const s = silhouetteOfDistances(silDistances, labels, k);
    silhouettes.push({ k, silhouette: s });
    if (!best || s > best.silhouette + 1e-12) best = { k, silhouette: s, centroids: result.centroids };
  }
  if (!best) throw new Error(`Too few customers (${m.rows}) to choose between ${options.kMin} and ${options.kMax} clusters.`);
  return { k: best.k, silhouettes, centroids: best.centroids };
}
