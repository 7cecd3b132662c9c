/**
 * Next-purchase scoring (docs/next-purchase.md) at one million customers:
 * the probabilities of a purchase within 7/14/30 days and the median gap,
 * for each distinct (x, tx, T) pattern the CLV run scores, against the
 * yardstick of the run's existing P(alive) + expected purchases at one
 * horizon (model.score, the CLV run does 14 of them). Simulated daily data,
 * as bench/btyd-fit.ts. Run: npx tsx bench/next-purchase.ts [customers]
 *
 * CPU seconds of this process are printed beside wall seconds: on a shared
 * machine the wall time includes waiting for a core.
 */
import { loadavg } from "node:os";
import { groupRows } from "../lib/analytics/btyd/distinct-rows.ts";
import { Random } from "../lib/analytics/btyd/random.ts";
import { simulateBgNbdFamily, simulateParetoNbd } from "../lib/analytics/btyd/simulate.ts";
import type { FrequencyRecencyData, ParamMap, TransactionModel } from "../lib/analytics/btyd/types.ts";
import { defaultClvModels } from "../lib/analytics/recompute/default-clv-models.ts";
import { scoreNextPurchase, type PatternRows } from "../lib/analytics/recompute/score-clv.ts";

const customers = Number(process.argv[2] ?? 1_000_000);
const models = await defaultClvModels();

/** Daily summaries of `customers` simulated buyers (T 1..1095 days), compressed to distinct patterns as the run does. */
function patterns(simulate: (T: Float64Array, rng: Random) => FrequencyRecencyData): PatternRows {
  const rng = new Random(12);
  const T = Float64Array.from({ length: customers }, () => 1 + Math.floor(1095 * rng.uniform()));
  const d = simulate(T, rng);
  for (let i = 0; i < customers; i++) d.tx[i] = Math.min(T[i]!, Math.round(d.tx[i]!));
  const g = groupRows(d.x, d.tx, d.T);
  const rows: PatternRows = { x: new Float64Array(g.count), txDays: new Float64Array(g.count), tDays: new Float64Array(g.count), weight: new Float64Array(g.count) };
  g.first.forEach((i, k) => {
    rows.x[k] = d.x[i]!;
    rows.txDays[k] = d.tx[i]!;
    rows.tDays[k] = d.T[i]!;
  });
  g.groupOf.forEach((k) => {
    rows.weight[k] = rows.weight[k]! + 1;
  });
  return rows;
}

function timed<R>(fn: () => R): { result: R; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = fn();
  const used = process.cpuUsage(cpu);
  return { result, wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

function run(label: string, model: TransactionModel, params: ParamMap, rows: PatternRows): void {
  const data = { x: rows.x, tx: rows.txDays, T: rows.tDays, weight: rows.weight };
  // Best of three of each, alternating, so a burst of load hits both alike.
  let yard = Infinity;
  let yardCpu = Infinity;
  let next = Infinity;
  let nextCpu = Infinity;
  for (let k = 0; k < 3; k++) {
    const y = timed(() => model.score(params, data, 90));
    yard = Math.min(yard, y.wallMs);
    yardCpu = Math.min(yardCpu, y.cpuMs);
    const n = timed(() => scoreNextPurchase(model, params, rows, y.result.pAlive, 1));
    next = Math.min(next, n.wallMs);
    nextCpu = Math.min(nextCpu, n.cpuMs);
  }
  console.log(
    `${label}: ${rows.x.length.toLocaleString()} patterns | yardstick score() at one horizon ${(yard / 1000).toFixed(2)} s wall, ${(yardCpu / 1000).toFixed(2)} s CPU | ` +
      `next purchase (3 horizons + gap) ${(next / 1000).toFixed(2)} s wall, ${(nextCpu / 1000).toFixed(2)} s CPU | ratio ${(next / yard).toFixed(2)}× wall, ${(nextCpu / yardCpu).toFixed(2)}× CPU`,
  );
}

console.log(`${customers.toLocaleString()} simulated customers, daily data; load average ${loadavg()[0]!.toFixed(1)}`);
const bg = { r: 0.8, alpha: 150, a: 0.8, b: 2.5 };
run("BG/NBD", models.transaction("bg-nbd"), bg, patterns((T, rng) => simulateBgNbdFamily(bg, T, 0, rng).data));
const pareto = { r: 0.8, alpha: 150, s: 0.6, beta: 100 };
run("Pareto/NBD", models.transaction("pareto-nbd"), pareto, patterns((T, rng) => simulateParetoNbd(pareto, T, 0, rng).data));
