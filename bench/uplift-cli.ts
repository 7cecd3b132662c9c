// `npx tsx bench/uplift-cli.ts [--rows 1000000]`: `npm run uplift` on a
// generated file of one row per customer (10% control), timed as a user runs
// it (a spawned process, start-up included), plain and with --covariate.
// Yardstick: a bare Node process that streams the same file and counts its
// lines, the floor for any command that reads it. For comparison, the same
// file read with csv-parse (what `npm run clv` uses) in a process of its own,
// the start-up alone, and the analysis from per-arm sums (the results page's case).
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Random } from "../lib/analytics/btyd/random.ts";
import { analyseExperiment } from "../lib/stats/analyse-experiment.ts";
import { armSumsFromArrays } from "../lib/stats/arm-sums.ts";
import { measure } from "./support.ts";

const rowsFlag = process.argv.indexOf("--rows");
const ROWS = rowsFlag === -1 ? 1_000_000 : Number(process.argv[rowsFlag + 1]);
const RUNS = 3;
const repoRoot = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "uplift-bench-"));
const file = path.join(dir, "experiment.csv");

async function generate(): Promise<void> {
  const out = createWriteStream(file);
  const rng = new Random(1);
  let buffer = "customer_id,arm,revenue,revenue_pre\n";
  for (let i = 0; i < ROWS; i++) {
    const treated = rng.uniform() >= 0.1;
    const value = Math.exp(3 + 0.9 * rng.normal());
    const pre = rng.uniform() < 0.4 ? (value * Math.exp(0.4 * rng.normal())).toFixed(2) : "0";
    const revenue = rng.uniform() < 0.4 ? (value * Math.exp(0.4 * rng.normal()) * (treated ? 1.03 : 1)).toFixed(2) : "0";
    buffer += `c${i},${treated ? "treatment" : "control"},${revenue},${pre}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      buffer = "";
    }
  }
  out.end(buffer);
  await new Promise<void>((resolve) => out.once("finish", () => resolve()));
}

/** Wall milliseconds of each of RUNS runs (after one unmeasured), failing loudly on a non-zero exit. */
function time(command: string, args: string[]): number[] {
  const samples: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    const res = spawnSync(command, args, { cwd: repoRoot, encoding: "utf8", maxBuffer: 1 << 24 });
    const ms = performance.now() - t0;
    if (res.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${res.status}: ${res.stderr}`);
    if (i > 0) samples.push(ms);
  }
  return samples.sort((a, b) => a - b);
}

const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const COUNT_LINES = `let n=0;const s=require("fs").createReadStream(process.argv[1]);s.on("data",b=>{for(let i=b.indexOf(10);i!==-1;i=b.indexOf(10,i+1))n++});s.on("end",()=>console.log(n))`;
const CSV_PARSE = `const{parse}=require("csv-parse");let n=0;require("fs").createReadStream(process.argv[1]).pipe(parse({bom:true,skip_empty_lines:true})).on("data",()=>n++).on("end",()=>console.log(n))`;

try {
  const t0 = performance.now();
  await generate();
  console.log(`${ROWS.toLocaleString()} rows, ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB, generated in ${seconds(performance.now() - t0)}`);
  const yardstick = time(process.execPath, ["-e", COUNT_LINES, file]);
  console.log(`yardstick (node streams the file, counts lines): median ${seconds(median(yardstick))} [${yardstick.map(seconds).join(", ")}]`);
  const csvParse = time(process.execPath, ["-e", CSV_PARSE, file]);
  console.log(`csv-parse reading the file in its own process: median ${seconds(median(csvParse))} = ${(median(csvParse) / median(yardstick)).toFixed(1)}× yardstick`);
  const startup = time("npm", ["run", "--silent", "uplift", "--", "--help"]);
  console.log(`start-up alone (npm run uplift -- --help): median ${seconds(median(startup))}`);
  const base = ["run", "--silent", "uplift", "--", "--input", file, "--metric", "revenue", "--expected-split", "control=0.1,treatment=0.9"];
  for (const [label, args] of [
    ["npm run uplift", base],
    ["npm run uplift --covariate", [...base, "--covariate", "revenue_pre"]],
  ] as const) {
    const samples = time("npm", [...args]);
    console.log(`${label}: median ${seconds(median(samples))} [${samples.map(seconds).join(", ")}] = ${(median(samples) / median(yardstick)).toFixed(1)}× yardstick`);
  }
  // What a campaign's results page does: the analysis from per-arm sums kept by a worker.
  const rng = new Random(2);
  const draw = (n: number) => Float64Array.from({ length: n }, () => Math.exp(3 + rng.normal()));
  const arms = [
    { arm: "control", sums: armSumsFromArrays(draw(1000), draw(1000)) },
    { arm: "treatment", sums: armSumsFromArrays(draw(9000), draw(9000)) },
  ];
  const options = { metric: "revenue", control: "control", confidence: 0.95, expectedSplit: new Map([["control", 0.1], ["treatment", 0.9]]) };
  const analysis = await measure(async () => analyseExperiment(arms, options), { warmup: 100, runs: 1000 });
  console.log(`analysis from per-arm sums (with CUPED): p50 ${(analysis.p50 * 1000).toFixed(0)} µs, p95 ${(analysis.p95 * 1000).toFixed(0)} µs (n=${analysis.runs})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
