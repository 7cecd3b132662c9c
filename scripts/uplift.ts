// `npm run --silent uplift -- --input FILE.csv --metric COL ...`: analyse an experiment from a CSV (see --help).
import { runCli } from "../lib/stats/uplift-cli/run-cli.ts";

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
