import { describe, expect, it } from "vitest";
import { parseCalendarDay } from "../summary/calendar-day.ts";
import { CliError } from "./cli-error.ts";
import { parseCliArgs } from "./parse-cli-args.ts";

const usageFailure = (argv: string[]): string => {
  try {
    parseCliArgs(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(2);
    return (err as CliError).message;
  }
  throw new Error(`expected ${argv.join(" ")} to be refused`);
};

describe("parseCliArgs", () => {
  it("applies the documented defaults", () => {
    const cmd = parseCliArgs(["fit", "--model", "bg-nbd", "--input", "t.csv", "--observation-end", "2024-06-30"]);
    expect(cmd).toEqual({
      command: "fit",
      model: "bg-nbd",
      timeUnit: "week",
      input: {
        kind: "transactions",
        file: "t.csv",
        observationEndDay: parseCalendarDay("2024-06-30"),
        holdoutEndDay: null,
        customerCol: "customer_id",
        dateCol: "date",
        amountCol: "amount",
        amountColExplicit: false,
      },
    });
  });

  it("accepts --flag=value, compact dates and every option of predict", () => {
    const cmd = parseCliArgs([
      "predict",
      "--model=pareto-nbd",
      "--input=t.csv",
      "--observation-end=20240630",
      "--holdout-end",
      "2024-09-30",
      "--time-unit",
      "day",
      "--customer-col",
      "cid",
      "--date-col",
      "ts",
      "--amount-col",
      "total",
      "--horizon",
      "90",
      "--discount-rate",
      "0.001",
    ]);
    expect(cmd).toMatchObject({
      command: "predict",
      model: "pareto-nbd",
      timeUnit: "day",
      horizon: 90,
      discountRate: 0.001,
      input: { customerCol: "cid", dateCol: "ts", amountCol: "total", amountColExplicit: true, holdoutEndDay: parseCalendarDay("2024-09-30") },
    });
  });

  it("takes per-customer rows with --summary-input, bg-bb only that way", () => {
    expect(parseCliArgs(["fit", "--model", "bg-bb", "--summary-input", "s.csv"])).toEqual({
      command: "fit",
      model: "bg-bb",
      timeUnit: "week",
      input: { kind: "summary", file: "s.csv", customerCol: "customer_id" },
    });
    expect(usageFailure(["fit", "--model", "bg-bb", "--input", "t.csv", "--observation-end", "2024-01-01"])).toMatch(/--summary-input/);
  });

  it("answers --help anywhere", () => {
    expect(parseCliArgs(["--help"])).toEqual({ command: "help" });
    expect(parseCliArgs(["fit", "-h"])).toEqual({ command: "help" });
  });

  it("refuses bad command lines with a message naming the problem", () => {
    expect(usageFailure([])).toMatch(/missing command/);
    expect(usageFailure(["train"])).toMatch(/unknown command "train"/);
    expect(usageFailure(["fit", "--model", "bg/nbd", "--input", "t.csv", "--observation-end", "2024-01-01"])).toMatch(/unknown model "bg\/nbd"/);
    expect(usageFailure(["fit", "--input", "t.csv", "--observation-end", "2024-01-01"])).toMatch(/--model is required/);
    expect(usageFailure(["fit", "--model", "bg-nbd", "--input", "t.csv"])).toMatch(/--observation-end is required/);
    expect(usageFailure(["fit", "--model", "bg-nbd", "--input", "t.csv", "--observation-end", "2024-02-30"])).toMatch(/not a date/);
    expect(usageFailure(["fit", "--model", "bg-nbd", "--input", "t.csv", "--observation-end", "2024-01-01", "--time-unit", "month"])).toMatch(/--time-unit/);
    expect(usageFailure(["fit", "--model", "bg-nbd", "--input", "t.csv", "--observation-end", "2024-01-01", "--holdout-end", "2023-12-01"])).toMatch(/after --observation-end/);
    expect(usageFailure(["fit", "--model", "bg-nbd", "--input", "t.csv", "--observation-end", "2024-01-01", "--bogus"])).toMatch(/bogus/);
    expect(usageFailure(["fit", "--model", "bg-nbd", "--input", "t.csv", "--summary-input", "s.csv"])).toMatch(/exactly one/);
    expect(usageFailure(["fit", "--model", "bg-nbd", "--summary-input", "s.csv", "--observation-end", "2024-01-01"])).toMatch(/--observation-end applies to --input/);
    expect(usageFailure(["fit", "--model", "bg-nbd", "--summary-input", "s.csv", "--horizon", "4"])).toMatch(/--horizon applies to predict/);
    expect(usageFailure(["fit", "--model", "gamma-gamma", "--input", "t.csv", "--observation-end", "2024-01-01", "--holdout-end", "2024-02-01"])).toMatch(/--holdout-end applies/);
    expect(usageFailure(["predict", "--model", "bg-nbd", "--summary-input", "s.csv"])).toMatch(/--horizon is required/);
    expect(usageFailure(["predict", "--model", "bg-nbd", "--summary-input", "s.csv", "--horizon", "-2"])).toMatch(/--horizon/);
    expect(usageFailure(["predict", "--model", "bg-nbd", "--summary-input", "s.csv", "--horizon", "4", "--discount-rate", "10"])).toMatch(/--discount-rate/);
    expect(usageFailure(["predict", "--model", "gamma-gamma", "--summary-input", "s.csv", "--horizon", "4"])).toMatch(/purchase model/);
    expect(usageFailure(["fit", "extra", "--model", "bg-nbd", "--summary-input", "s.csv"])).toMatch(/unexpected argument "extra"/);
  });
});
