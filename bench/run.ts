// `npm run bench`: every benchmark in turn against the 1M-customer bench
// database (build it first with `npx tsx bench/seed.ts`). Pass names to run a
// subset: `npm run bench -- customers-page rfm`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const ALL = ["btyd-fit", "customers-page", "import", "import-lines", "rfm", "clv-pipeline", "segments", "jobs-page", "campaign-send", "campaign-trigger-latency", "suppressions", "uplift-cli", "dashboard-load", "campaign-arms", "cohorts-load", "campaign-results", "recommendations", "clusters", "next-purchase", "programme", "recommended-category"];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
let failed = 0;
for (const name of wanted) {
  const file = path.resolve(import.meta.dirname, `${name}.ts`);
  if (!existsSync(file)) {
    console.error(`no benchmark named ${name}`);
    failed++;
    continue;
  }
  console.log(`\n=== ${name}`);
  const res = spawnSync("npx", ["--no-install", "tsx", file], { stdio: "inherit", env: process.env });
  if (res.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
