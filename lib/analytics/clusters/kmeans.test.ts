import { describe, expect, it } from "vitest";
import { Random } from "../btyd/random.ts";
import { adjustedRandIndex } from "./adjusted-rand.ts";
import { chooseK, kmeans, meanSilhouette, type Matrix } from "./kmeans.ts";

/** Gaussian blobs around well-separated centres; returns the rows and the planted labels. */
function blobs(k: number, perCluster: number, dims: number, spread: number, seed: number): { m: Matrix; truth: Int32Array } {
  const rng = new Random(seed);
  const centres = Array.from({ length: k }, (_, c) => Array.from({ length: dims }, (_, j) => (j === c % dims ? 10 : 0) + (c >= dims ? 10 : 0)));
  const rows = k * perCluster;
  const data = new Float64Array(rows * dims);
  const truth = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % k;
    truth[i] = c;
    for (let j = 0; j < dims; j++) data[i * dims + j] = centres[c]![j]! + spread * rng.normal();
  }
  return { m: { data, rows, dims }, truth };
}

describe("adjustedRandIndex", () => {
  it("matches the published values (scikit-learn's documented examples)", () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    // sklearn.metrics.adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1]) = 0.5714285714285715
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(0.5714285714285715, 12);
    // sklearn.metrics.adjusted_rand_score([0, 0, 0, 0], [0, 1, 2, 3]) = 0.0
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBeCloseTo(0, 12);
    // adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1]) = -0.5
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });
});

describe("kmeans", () => {
  it("recovers planted, well-separated clusters", () => {
    const { m, truth } = blobs(4, 500, 5, 1, 7);
    const result = kmeans(m, 4, { seed: 1, restarts: 3 });
    const ari = adjustedRandIndex(truth, result.labels);
    expect(ari).toBeGreaterThanOrEqual(0.99);
  });

  it("gives the same labels and centroids for the same seed", () => {
    const { m } = blobs(3, 400, 4, 3, 11);
    const a = kmeans(m, 5, { seed: 42, restarts: 2 });
    const b = kmeans(m, 5, { seed: 42, restarts: 2 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
  });

  it("each centroid is the mean of its rows and each row is nearest its own centroid (a fixed point of Lloyd)", () => {
    const { m } = blobs(3, 200, 3, 4, 5);
    const r = kmeans(m, 3, { seed: 3 });
    for (let c = 0; c < 3; c++) {
      const mean = [0, 0, 0];
      let n = 0;
      for (let i = 0; i < m.rows; i++) {
        if (r.labels[i] !== c) continue;
        n++;
        for (let j = 0; j < 3; j++) mean[j]! += m.data[i * 3 + j]!;
      }
      for (let j = 0; j < 3; j++) expect(r.centroids[c * 3 + j]).toBeCloseTo(mean[j]! / n, 9);
    }
    for (let i = 0; i < m.rows; i++) {
      const d = [0, 1, 2].map((c) => [0, 1, 2].reduce((s, j) => s + (m.data[i * 3 + j]! - r.centroids[c * 3 + j]!) ** 2, 0));
      expect(d[r.labels[i]!]).toBe(Math.min(...d));
    }
  });
});

describe("meanSilhouette", () => {
  it("matches a direct computation from the definition on a small set", () => {
    const points = [[0, 0], [0, 1], [1, 0], [5, 5], [6, 5], [5, 7]];
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1]);
    const m: Matrix = { data: Float64Array.from(points.flat()), rows: 6, dims: 2 };
    const dist = (p: number[], q: number[]) => Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!);
    let expected = 0;
    for (let i = 0; i < 6; i++) {
      const own = points.filter((_, j) => j !== i && labels[j] === labels[i]);
      const other = points.filter((_, j) => labels[j] !== labels[i]);
      const a = own.reduce((s, q) => s + dist(points[i]!, q), 0) / own.length;
      const b = other.reduce((s, q) => s + dist(points[i]!, q), 0) / other.length;
      expected += (b - a) / Math.max(a, b);
    }
    expect(meanSilhouette(m, labels, 2)).toBeCloseTo(expected / 6, 12);
  });
});

describe("chooseK", () => {
  it.each([3, 5, 6])("finds %i planted clusters among 3–8", (planted) => {
    const { m } = blobs(planted, 300, 6, 0.8, 100 + planted);
    const choice = chooseK(m, { seed: 9, kMin: 3, kMax: 8, silhouetteSample: 1_000 });
    expect(choice.k).toBe(planted);
    expect(choice.silhouettes.map((s) => s.k)).toEqual([3, 4, 5, 6, 7, 8]);
  });
});
