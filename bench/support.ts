/**
 * Shared helpers for benchmarks: timing with warm-up and percentiles. Benchmarks
 * run against the database named by BENCH_DATABASE_URL (default: the 1M-customer
 * valueloop_bench database that `npx tsx bench/seed.ts` builds).
 */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/valueloop_bench";

export interface Timing {
  runs: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times; milliseconds. */
export async function measure(fn: () => Promise<unknown>, options: { warmup?: number; runs?: number } = {}): Promise<Timing> {
  const warmup = options.warmup ?? 3;
  const runs = options.runs ?? 20;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return {
    runs,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    min: samples[0]!,
    max: samples[samples.length - 1]!,
    mean: samples.reduce((s, x) => s + x, 0) / samples.length,
  };
}

export function formatTiming(label: string, t: Timing): string {
  const f = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
  return `${label.padEnd(48)} p50 ${f(t.p50)}  p95 ${f(t.p95)}  min ${f(t.min)}  max ${f(t.max)}  (n=${t.runs})`;
}
