import { analyseExperiment } from "../analyse-experiment.ts";
import { CliError } from "../../analytics/clv-cli/cli-error.ts";
import { toJson, writeChunk, type CliIo } from "../../analytics/clv-cli/write-output.ts";
import { checkArms } from "./check-arms.ts";
import { parseCliArgs } from "./parse-cli-args.ts";
import { readArmsCsv } from "./read-arms-csv.ts";
import { USAGE } from "./usage.ts";

/**
 * The `uplift` command: parse, read, check, analyse, then print one JSON
 * object. Nothing reaches stdout unless all of it was computed. Returns the
 * exit code (the same contract as `npm run clv`).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const ignoreBrokenPipe = (err: Error) => {
    if (!isBrokenPipe(err)) throw err;
  };
  io.stdout.on("error", ignoreBrokenPipe);
  try {
    const command = parseCliArgs(argv);
    if (command.command === "help") {
      await writeChunk(io.stdout, USAGE);
      return 0;
    }
    const csv = await readArmsCsv(command);
    checkArms(command, csv);
    const analysis = analyseExperiment(csv.arms, {
      metric: command.metricCol,
      control: command.control,
      confidence: command.confidence,
      expectedSplit: command.expectedSplit,
    });
    for (const warning of analysis.warnings) await writeChunk(io.stderr, `warning: ${warning}\n`);
    await writeChunk(io.stdout, `${toJson(analysis)}\n`);
    return 0;
  } catch (err) {
    if (isBrokenPipe(err)) return 0;
    if (err instanceof CliError) {
      await writeChunk(io.stderr, `uplift: ${err.message}\n`);
      if (err.exitCode === 2) await writeChunk(io.stderr, "Run with --help for usage.\n");
      return err.exitCode;
    }
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    await writeChunk(io.stderr, `uplift: unexpected error: ${detail}\n`);
    return 70;
  } finally {
    io.stdout.off("error", ignoreBrokenPipe);
  }
}

function isBrokenPipe(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && err.code === "EPIPE";
}
