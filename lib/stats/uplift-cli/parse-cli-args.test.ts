import { describe, expect, it } from "vitest";
import { CliError } from "../../analytics/clv-cli/cli-error.ts";
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

describe("parseCliArgs (uplift)", () => {
  it("applies the documented defaults", () => {
    expect(parseCliArgs(["--input", "x.csv", "--metric", "revenue"])).toEqual({
      command: "analyse",
      file: "x.csv",
      metricCol: "revenue",
      armCol: "arm",
      control: "control",
      covariateCol: null,
      confidence: 0.95,
      expectedSplit: null,
    });
  });

  it("reads every option, in --flag=value form too", () => {
    const cmd = parseCliArgs([
      "--input=x.csv",
      "--metric",
      "revenue_30d",
      "--arm-col",
      "variant",
      "--control=holdout",
      "--covariate",
      "revenue_pre_30d",
      "--confidence",
      "0.9",
      "--expected-split",
      "holdout=0.1, a=0.45 ,b=0.45",
    ]);
    expect(cmd).toMatchObject({ armCol: "variant", control: "holdout", covariateCol: "revenue_pre_30d", confidence: 0.9 });
    expect(cmd.command === "analyse" && [...cmd.expectedSplit!]).toEqual([
      ["holdout", 0.1],
      ["a", 0.45],
      ["b", 0.45],
    ]);
    expect(parseCliArgs(["--help"])).toEqual({ command: "help" });
  });

  it("refuses a wrong command line with a usage error naming the flag", () => {
    expect(usageFailure(["--metric", "r"])).toMatch(/--input is required/);
    expect(usageFailure(["--input", "x.csv"])).toMatch(/--metric is required/);
    expect(usageFailure(["--input", "x.csv", "--metric", "r", "--confidence", "95"])).toMatch(/--confidence: "95" is not a level between 0 and 1/);
    expect(usageFailure(["--input", "x.csv", "--metric", "r", "--confidence", ""])).toMatch(/--confidence/);
    expect(usageFailure(["--input", "x.csv", "--metric", "r", "--expected-split", "control=0.1"])).toMatch(/at least two arms/);
    expect(usageFailure(["--input", "x.csv", "--metric", "r", "--expected-split", "control=0.1,treatment"])).toMatch(/"treatment" is not ARM=SHARE/);
    expect(usageFailure(["--input", "x.csv", "--metric", "r", "--expected-split", "control=0,treatment=1"])).toMatch(/positive share/);
    expect(usageFailure(["--input", "x.csv", "--metric", "r", "--expected-split", "a=1,a=2"])).toMatch(/given twice/);
    expect(usageFailure(["--input", "x.csv", "--metric", "r", "--expected-split", "a=1,b=2"])).toMatch(/no share for the control arm "control"/);
    expect(usageFailure(["--input", "x.csv", "--metric", "arm"])).toMatch(/different columns/);
    expect(usageFailure(["--input", "x.csv", "--metric", "r", "--bogus"])).toMatch(/bogus/);
    expect(usageFailure(["--input", "x.csv", "--metric", "r", "extra"])).toMatch(/unexpected argument "extra"/);
  });
});
