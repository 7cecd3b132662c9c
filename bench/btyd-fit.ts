/**
 * BTYD benchmark: fit and score one million simulated customers with daily
 * (many distinct) recency values. Run: npx tsx bench/btyd-fit.ts [customers]
 */
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

function time<R>(label: string, fn: () => R): { label: string; ms: number; result: R } {
  const start = performance.now();
  const result = fn();
  return { label, ms: performance.now() - start, result };
}

const bgData = dailyData((T, rng) => simulateBgNbdFamily({ r: 0.25, alpha: 30, a: 0.8, b: 2.5 }, T, 0, rng).data, 1);
const pnData = dailyData((T, rng) => simulateParetoNbd({ r: 0.55, alpha: 75, s: 0.6, beta: 80 }, T, 0, rng).data, 2);

const rows: { step: string; ms: number; note: string }[] = [];
const prepared = time("prepare", () => prepareData(bgData));
rows.push({ step: "compress 1M rows (BG/NBD data)", ms: prepared.ms, note: `${prepared.result.rows} distinct (x, tx, T) rows` });
const bgFit = time("bg", () => bgNbd.fit(bgData));
rows.push({
  step: "BG/NBD fit",
  ms: bgFit.ms,
  note: `r=${bgFit.result.params.r.toFixed(3)} alpha=${bgFit.result.params.alpha.toFixed(2)} a=${bgFit.result.params.a.toFixed(3)} b=${bgFit.result.params.b.toFixed(3)}, ${bgFit.result.iterations} iterations, converged=${bgFit.result.converged}`,
});
const pnPrepared = prepareData(pnData);
const pnFit = time("pn", () => paretoNbd.fit(pnData));
rows.push({
  step: "Pareto/NBD fit",
  ms: pnFit.ms,
  note: `${pnPrepared.rows} distinct rows; r=${pnFit.result.params.r.toFixed(3)} alpha=${pnFit.result.params.alpha.toFixed(2)} s=${pnFit.result.params.s.toFixed(3)} beta=${pnFit.result.params.beta.toFixed(2)}, converged=${pnFit.result.converged}`,
});
const bgScore = time("score", () => bgNbd.score!(bgFit.result.params, bgData, 365));
let sum = 0;
for (let i = 0; i < customers; i++) sum += bgScore.result.expectedPurchases[i]!;
rows.push({ step: "BG/NBD score (pAlive + E[purchases, 365 d])", ms: bgScore.ms, note: `mean E = ${(sum / customers).toFixed(4)}` });
const pnScore = time("pscore", () => paretoNbd.score!(pnFit.result.params, pnData, 365));
rows.push({ step: "Pareto/NBD score (pAlive + E[purchases, 365 d])", ms: pnScore.ms, note: "" });

console.log(`customers: ${customers.toLocaleString("en")}`);
console.table(rows.map((r) => ({ step: r.step, seconds: (r.ms / 1000).toFixed(2), note: r.note })));
