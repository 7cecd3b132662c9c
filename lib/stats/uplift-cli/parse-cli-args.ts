import { parseArgs } from "node:util";
import { usageError } from "../../analytics/clv-cli/cli-error.ts";

export interface UpliftCommand {
  command: "analyse";
  file: string;
  metricCol: string;
  armCol: string;
  control: string;
  covariateCol: string | null;
  confidence: number;
  /** Weight per arm label as given (normalised by the analysis); null for an equal split. */
  expectedSplit: Map<string, number> | null;
}

const OPTIONS = {
  input: { type: "string" },
  metric: { type: "string" },
  "arm-col": { type: "string" },
  control: { type: "string" },
  covariate: { type: "string" },
  confidence: { type: "string" },
  "expected-split": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** "control=0.1,treatment=0.9" to a map; weights need not sum to 1 ("control=1,treatment=9" is the same split). */
export function parseExpectedSplit(text: string): Map<string, number> {
  const split = new Map<string, number>();
  for (const part of text.split(",")) {
    const eq = part.lastIndexOf("=");
    const arm = eq === -1 ? "" : part.slice(0, eq).trim();
    const weightText = eq === -1 ? "" : part.slice(eq + 1).trim();
    const weight = weightText === "" ? Number.NaN : Number(weightText);
    if (arm === "" || !Number.isFinite(weight) || !(weight > 0)) {
      throw usageError(`--expected-split: "${part}" is not ARM=SHARE with a positive share (e.g. control=0.1,treatment=0.9)`);
    }
    if (split.has(arm)) throw usageError(`--expected-split: arm "${arm}" is given twice`);
    split.set(arm, weight);
  }
  if (split.size < 2) throw usageError("--expected-split needs at least two arms");
  return split;
}

function nonEmpty(flag: string, value: string | undefined, fallback?: string): string {
  const text = value ?? fallback;
  if (text === undefined) throw usageError(`--${flag} is required`);
  if (text.trim() === "") throw usageError(`--${flag} cannot be empty`);
  return flag === "input" ? text : text.trim();
}

/** Turns argv (after "uplift") into a validated command; every mistake is a usage error (exit 2). */
export function parseCliArgs(argv: readonly string[]): UpliftCommand | { command: "help" } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === "help") return { command: "help" };
  if (positionals.length > 0) throw usageError(`unexpected argument "${positionals[0]}"`);

  const confidenceText = values.confidence ?? "0.95";
  const confidence = confidenceText.trim() === "" ? Number.NaN : Number(confidenceText);
  if (!(confidence > 0 && confidence < 1)) throw usageError(`--confidence: "${confidenceText}" is not a level between 0 and 1 (e.g. 0.95)`);

  const command: UpliftCommand = {
    command: "analyse",
    file: nonEmpty("input", values.input),
    metricCol: nonEmpty("metric", values.metric),
    armCol: nonEmpty("arm-col", values["arm-col"], "arm"),
    control: nonEmpty("control", values.control, "control"),
    covariateCol: values.covariate === undefined ? null : nonEmpty("covariate", values.covariate),
    confidence,
    expectedSplit: values["expected-split"] === undefined ? null : parseExpectedSplit(values["expected-split"]),
  };
  const columns = [command.armCol, command.metricCol, command.covariateCol].filter((c) => c !== null);
  if (new Set(columns).size !== columns.length) throw usageError("--arm-col, --metric and --covariate must name different columns");
  if (command.expectedSplit !== null && !command.expectedSplit.has(command.control)) {
    throw usageError(`--expected-split has no share for the control arm "${command.control}"`);
  }
  return command;
}
