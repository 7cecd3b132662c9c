/**
 * BTYD benchmark: fit and score one million simulated customers with daily
 * (many distinct) recency values. Run: npx tsx bench/btyd-fit.ts [customers]
 *
 * Each step reports wall seconds and this process's CPU seconds. On a shared
 * machine the wall time includes waiting for a core; the CPU time does not,
 * so it is the number to compare between runs when the load average is high.
 */
import { loadavg } from "node:os";
import { bgNbd } from "../lib/analytics/btyd/bg-nbd.ts";
import { paretoNbd } from "../lib/analytics/btyd/pareto-nbd.ts";
import { prepareData } from "../lib/analytics/btyd/prepare-data.ts";
import { Random } from "../lib/analytics/btyd/random.ts";
import { simulateBgNbdFamily, simulateParetoNbd } from "../lib/analytics/btyd/simulate.ts";
import type { FrequencyRecencyData } from "../lib/analytics/btyd/types.ts";

const customers = Number(process.argv[2] ?? 1_000_000);

/** Daily data: T is whole days since the first purchase (1..730), tx rounded to the day. */
function dailyData(simulate: (T: Float64Array, rng: Random) => FrequencyRecencyData, seed: number): FrequencyRecencyData {
  const rng = new Random(seed);
  const T = Float64Array.from({ length: customers }, () => 1 + Math.floor(730 * rng.uniform()));
  const data = simulate(T, rng);
  for (let i = 0; i < customers; i++) data.tx[i] = Math.min(T[i]!, Math.round(data.tx[i]!));
  return data;
}

interface Step {
  step: string;
  wallMs: number;
  cpuMs: number;
  note: string;
}

const steps: Step[] = [];

function time<R>(step: string, fn: () => R, note: (result: R) => string): R {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = fn();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  steps.push({ step, wallMs, cpuMs: (used.user + used.system) / 1000, note: note(result) });
  return result;
}

const loadBefore = loadavg()[0]!;
const bgData = dailyData((T, rng) => simulateBgNbdFamily({ r: 0.25, alpha: 30, a: 0.8, b: 2.5 }, T, 0, rng).data, 1);
const pnData = dailyData((T, rng) => simulateParetoNbd({ r: 0.55, alpha: 75, s: 0.6, beta: 80 }, T, 0, rng).data, 2);

const prepared = time("compress 1M rows (BG/NBD data)", () => prepareData(bgData), (p) => `${p.rows} distinct (x, tx, T) rows`);
const bgFit = time(
  "BG/NBD fit",
  () => bgNbd.fit(bgData),
  (f) =>
    `LL=${f.logLikelihood.toFixed(4)} r=${f.params.r.toFixed(3)} alpha=${f.params.alpha.toFixed(2)} a=${f.params.a.toFixed(3)} b=${f.params.b.toFixed(3)}, ${f.iterations} iterations, converged=${f.converged}`,
);
// the CLV pipeline hands over rows already grouped in SQL: the fit must not redo expensive work on them
const grouped: FrequencyRecencyData = { x: prepared.x, tx: prepared.tx, T: prepared.T, weight: prepared.weight };
time("BG/NBD fit on pre-grouped rows", () => bgNbd.fit(grouped), (f) => `LL=${f.logLikelihood.toFixed(4)}`);
const pnRows = prepareData(pnData).rows;
const pnFit = time(
  "Pareto/NBD fit",
  () => paretoNbd.fit(pnData),
  (f) =>
    `${pnRows} distinct rows; LL=${f.logLikelihood.toFixed(4)} r=${f.params.r.toFixed(3)} alpha=${f.params.alpha.toFixed(2)} s=${f.params.s.toFixed(3)} beta=${f.params.beta.toFixed(2)}, ${f.iterations} iterations, converged=${f.converged}`,
);
time(
  "BG/NBD score (pAlive + E[purchases, 365 d])",
  () => bgNbd.score!(bgFit.params, bgData, 365),
  (s) => `mean E = ${(s.expectedPurchases.reduce((a, b) => a + b, 0) / customers).toFixed(6)}`,
);
time(
  "Pareto/NBD score (pAlive + E[purchases, 365 d])",
  () => paretoNbd.score!(pnFit.params, pnData, 365),
  (s) => `mean E = ${(s.expectedPurchases.reduce((a, b) => a + b, 0) / customers).toFixed(6)}`,
);

console.log(`customers: ${customers.toLocaleString("en")}; 1-minute load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`);
console.table(
  steps.map((s) => ({ step: s.step, wall: (s.wallMs / 1000).toFixed(2), cpu: (s.cpuMs / 1000).toFixed(2), note: s.note })),
);
