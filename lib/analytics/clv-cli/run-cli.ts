import type { CliModels } from "./cli-models.ts";
import { CliError } from "./cli-error.ts";
import { parseCliArgs } from "./parse-cli-args.ts";
import { runFit } from "./run-fit.ts";
import { runPredict } from "./run-predict.ts";
import { USAGE } from "./usage.ts";
import { toJson, writeChunk, writeCsv, type CliIo } from "./write-output.ts";

/**
 * The `clv` command: parse, compute everything, then print. Output is written
 * only after all of it is computed, so a failure leaves stdout empty and a
 * script piping it never sees half a result. Returns the exit code.
 */
export async function runCli(argv: readonly string[], io: CliIo, models: CliModels): Promise<number> {
  // A reader that stops early (`| head`) closes the pipe; that ends the run, it is not a failure.
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
    if (command.command === "fit") {
      const output = await runFit(command, models);
      if (!output.converged) await writeChunk(io.stderr, `warning: the ${command.model} fit did not converge; treat its numbers with care\n`);
      await writeChunk(io.stdout, `${toJson(output)}\n`);
      return 0;
    }
    const table = await runPredict(command, models);
    for (const warning of table.warnings) await writeChunk(io.stderr, `${warning}\n`);
    await writeCsv(io.stdout, table.header, table.rowCount, table.row);
    return 0;
  } catch (err) {
    if (isBrokenPipe(err)) return 0;
    if (err instanceof CliError) {
      await writeChunk(io.stderr, `clv: ${err.message}\n`);
      if (err.exitCode === 2) await writeChunk(io.stderr, "Run with --help for usage.\n");
      return err.exitCode;
    }
    // A bug or an unexpected failure inside a model: say so plainly, with the stack for a report.
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    await writeChunk(io.stderr, `clv: unexpected error: ${detail}\n`);
    return 70;
  } finally {
    io.stdout.off("error", ignoreBrokenPipe);
  }
}

function isBrokenPipe(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && err.code === "EPIPE";
}
