import { parseArgs } from "node:util";
import { parseCalendarDay } from "../summary/calendar-day.ts";
import type { TimeUnit } from "../summary/summarize-transactions.ts";
import { usageError } from "./cli-error.ts";

export const CLI_MODELS = ["bg-nbd", "mbg-nbd", "pareto-nbd", "gamma-gamma", "bg-bb"] as const;
export type CliModel = (typeof CLI_MODELS)[number];
export type PurchaseModel = Exclude<CliModel, "gamma-gamma" | "bg-bb">;

export type InputSource =
  | {
      kind: "transactions";
      file: string;
      observationEndDay: number;
      holdoutEndDay: number | null;
      customerCol: string;
      dateCol: string;
      amountCol: string;
      /** True when --amount-col was given: its absence is then an error, not "no spend". */
      amountColExplicit: boolean;
    }
  | { kind: "summary"; file: string; customerCol: string };

export interface FitCommand {
  command: "fit";
  model: CliModel;
  input: InputSource;
  timeUnit: TimeUnit;
}

export interface PredictCommand {
  command: "predict";
  model: PurchaseModel | "bg-bb";
  input: InputSource;
  timeUnit: TimeUnit;
  horizon: number;
  discountRate: number | null;
}

export type CliCommand = FitCommand | PredictCommand | { command: "help" };

const OPTIONS = {
  model: { type: "string" },
  input: { type: "string" },
  "summary-input": { type: "string" },
  "observation-end": { type: "string" },
  "holdout-end": { type: "string" },
  "time-unit": { type: "string" },
  "customer-col": { type: "string" },
  "date-col": { type: "string" },
  "amount-col": { type: "string" },
  horizon: { type: "string" },
  "discount-rate": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseDateFlag(flag: string, value: string): number {
  const day = parseCalendarDay(value);
  if (day === null) throw usageError(`--${flag}: "${value}" is not a date (use YYYY-MM-DD or YYYYMMDD)`);
  return day;
}

function parseNumberFlag(flag: string, value: string, check: (n: number) => boolean, expected: string): number {
  const n = value.trim() === "" ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || !check(n)) throw usageError(`--${flag}: "${value}" is not ${expected}`);
  return n;
}

/** Turns argv (after "clv") into a validated command; every mistake is a usage error (exit 2). */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === "help") return { command: "help" };
  const [command, ...extra] = positionals;
  if (command === undefined) throw usageError("missing command: fit or predict");
  if (command !== "fit" && command !== "predict") throw usageError(`unknown command "${command}" (use fit or predict)`);
  if (extra.length > 0) throw usageError(`unexpected argument "${extra[0]}"`);

  if (values.model === undefined) throw usageError(`--model is required (one of ${CLI_MODELS.join(", ")})`);
  const model = CLI_MODELS.find((m) => m === values.model);
  if (model === undefined) throw usageError(`unknown model "${values.model}" (use one of ${CLI_MODELS.join(", ")})`);

  const timeUnitText = values["time-unit"] ?? "week";
  if (timeUnitText !== "day" && timeUnitText !== "week") {
    throw usageError(`--time-unit: "${timeUnitText}" is not day or week`);
  }
  const timeUnit: TimeUnit = timeUnitText;
  const customerCol = values["customer-col"] ?? "customer_id";

  if ((values.input === undefined) === (values["summary-input"] === undefined)) {
    throw usageError("give exactly one of --input (transactions) or --summary-input (per-customer rows)");
  }
  let input: InputSource;
  if (values.input !== undefined) {
    if (model === "bg-bb") throw usageError("bg-bb takes per-period summaries: use --summary-input");
    if (values["observation-end"] === undefined) throw usageError("--observation-end is required with --input");
    const observationEndDay = parseDateFlag("observation-end", values["observation-end"]);
    const holdoutEndDay =
      values["holdout-end"] === undefined ? null : parseDateFlag("holdout-end", values["holdout-end"]);
    if (holdoutEndDay !== null && holdoutEndDay <= observationEndDay) {
      throw usageError("--holdout-end must be after --observation-end");
    }
    input = {
      kind: "transactions",
      file: values.input,
      observationEndDay,
      holdoutEndDay,
      customerCol,
      dateCol: values["date-col"] ?? "date",
      amountCol: values["amount-col"] ?? "amount",
      amountColExplicit: values["amount-col"] !== undefined,
    };
  } else {
    for (const flag of ["observation-end", "holdout-end", "date-col", "amount-col"] as const) {
      if (values[flag] !== undefined) throw usageError(`--${flag} applies to --input (transactions), not --summary-input`);
    }
    input = { kind: "summary", file: values["summary-input"]!, customerCol };
  }
  if (input.kind === "transactions" && input.holdoutEndDay !== null && (model === "gamma-gamma" || model === "bg-bb")) {
    throw usageError("--holdout-end applies to bg-nbd, mbg-nbd and pareto-nbd");
  }

  if (command === "fit") {
    for (const flag of ["horizon", "discount-rate"] as const) {
      if (values[flag] !== undefined) throw usageError(`--${flag} applies to predict, not fit`);
    }
    return { command, model, input, timeUnit };
  }

  if (model === "gamma-gamma") {
    throw usageError("predict needs a purchase model (bg-nbd, mbg-nbd, pareto-nbd or bg-bb); spend is fitted with Gamma-Gamma automatically");
  }
  if (values.horizon === undefined) throw usageError("--horizon is required for predict");
  const horizon = parseNumberFlag("horizon", values.horizon, (n) => n > 0, "a positive number of time units");
  const discountRate =
    values["discount-rate"] === undefined
      ? null
      : parseNumberFlag("discount-rate", values["discount-rate"], (n) => n >= 0 && n < 1, "a rate in [0, 1) per time unit");
  return { command, model, input, timeUnit, horizon, discountRate };
}
