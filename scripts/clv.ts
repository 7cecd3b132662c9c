// `npm run --silent clv -- ...`: fit and score BTYD models from CSV files (see --help).
import { btydModels } from "../lib/analytics/clv-cli/btyd-models.ts";
import { runCli } from "../lib/analytics/clv-cli/run-cli.ts";

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }, btydModels);
