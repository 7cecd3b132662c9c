import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

const dir = mkdtempSync(path.join(tmpdir(), "uplift-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const csv = (text: string): string => {
  const file = path.join(dir, `f${++files}.csv`);
  writeFileSync(file, text);
  return file;
};

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await runCli(argv, { stdout, stderr });
  return { code, stdout: out, stderr: err };
}

/** An input error: exit 1, nothing on stdout, and the message. */
async function refusal(...argv: string[]): Promise<string> {
  const r = await run(...argv);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  return r.stderr;
}

// R's sleep data: group 2 as the control, group 1 as the treatment.
const sleep = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const sleep2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe("uplift command", () => {
  it("reproduces R's t.test on the sleep data from a CSV, quotes and CRLF included", async () => {
    const rows = [...sleep2.map((v, i) => `"${i}",control,${v}`), ...sleep.map((v, i) => `"${i + 10}",drug,${v}`)];
    const file = csv(`\uFEFFid,arm,extra\r\n${rows.join("\r\n")}\r\n`);
    const r = await run("--input", file, "--metric", "extra");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["metric", "confidence", "arms", "comparisons", "sampleRatio", "warnings"]);
    expect(out.arms.map((a: { arm: string; n: number }) => [a.arm, a.n])).toEqual([
      ["control", 10],
      ["drug", 10],
    ]);
    expect(out.arms[0].mean).toBeCloseTo(2.33, 12);
    expect(out.arms[1].sd).toBeCloseTo(1.789010, 6); // sd(sleep$extra[1:10]) in R
    const [c] = out.comparisons;
    expect(c.arm).toBe("drug");
    expect(c.difference.estimate).toBeCloseTo(-1.58, 12);
    expect(c.difference.low).toBeCloseTo(-3.3654832, 6);
    expect(c.difference.high).toBeCloseTo(0.2054832, 6);
    expect(c.difference.pValue).toBeCloseTo(0.07939, 5);
    expect(c.relative.estimate).toBeCloseTo(0.75 / 2.33 - 1, 12);
    expect(c.incrementalTotal.estimate).toBeCloseTo(-15.8, 10);
    expect(c.incrementalTotal.low).toBeCloseTo(-33.654832, 5);
    expect(c.cuped).toBeUndefined();
    expect(out.sampleRatio.pValue).toBe(1);
    expect(out.warnings).toEqual([]);
  });

  it("warns on a sample ratio mismatch against the expected split, and not when the split is given", async () => {
    const rows = ["arm,revenue", ...Array.from({ length: 100 }, (_, i) => `control,${i % 7}`), ...Array.from({ length: 900 }, (_, i) => `treatment,${i % 5}`)];
    const file = csv(rows.join("\n"));
    const equal = await run("--input", file, "--metric", "revenue");
    expect(equal.code).toBe(0);
    expect(JSON.parse(equal.stdout).sampleRatio.pValue).toBeLessThan(1e-100);
    expect(equal.stderr).toMatch(/warning: sample ratio mismatch/);
    const split = await run("--input", file, "--metric", "revenue", "--expected-split", "control=0.1,treatment=0.9");
    expect(JSON.parse(split.stdout)).toMatchObject({ sampleRatio: { pValue: 1, expected: { control: 0.1, treatment: 0.9 } }, warnings: [] });
    expect(split.stderr).toBe("");
  });

  it("names the file, line and column of every unusable input, and prints nothing", async () => {
    const noColumn = csv("arm,revenue\ncontrol,1\n");
    expect(await refusal("--input", noColumn, "--metric", "spend")).toBe(
      `uplift: ${noColumn} line 1, column "spend": missing column "spend" in the header (found "arm", "revenue")\n`,
    );
    const noControl = csv("arm,revenue\na,1\na,2\nb,3\nb,4\n");
    expect(await refusal("--input", noControl, "--metric", "revenue")).toMatch(
      new RegExp(`^uplift: ${noControl} line 2, column "arm": no row has the control arm "control" \\(found "a" from line 2, "b" from line 4\\)`),
    );
    const text = csv("arm,revenue\ncontrol,1\ncontrol,2\n\ntreatment,3\ntreatment,12,5\n");
    expect(await refusal("--input", text, "--metric", "revenue")).toBe(`uplift: ${text} line 6: has 3 fields, the header has 2\n`);
    const nonNumeric = csv("arm,revenue\ncontrol,1\ncontrol,2\ntreatment,3\ntreatment,1,5\n".replace("1,5", '"1,5"'));
    expect(await refusal("--input", nonNumeric, "--metric", "revenue")).toBe(`uplift: ${nonNumeric} line 5, column "revenue": "1,5" is not a number\n`);
    const empty = csv("arm,revenue\ncontrol,1\ncontrol,\n");
    expect(await refusal("--input", empty, "--metric", "revenue")).toMatch(/line 3, column "revenue": empty value/);
    const small = csv("arm,revenue\ncontrol,1\ncontrol,2\ntreatment,3\n");
    expect(await refusal("--input", small, "--metric", "revenue")).toBe(
      `uplift: ${small} line 4, column "arm": arm "treatment" has only 1 row; every arm needs at least 2 for a standard deviation\n`,
    );
    const badCovariate = csv("arm,revenue,pre\ncontrol,1,2\ncontrol,2,x\n");
    expect(await refusal("--input", badCovariate, "--metric", "revenue", "--covariate", "pre")).toMatch(/line 3, column "pre": "x" is not a number/);
    const onlyControl = csv("arm,revenue\ncontrol,1\ncontrol,2\n");
    expect(await refusal("--input", onlyControl, "--metric", "revenue")).toMatch(/line 2, column "arm": every row is in the control arm/);
    const unlisted = csv("arm,revenue\ncontrol,1\ncontrol,2\ntreatment,3\ntreatment,4\nother,1\nother,2\n");
    expect(await refusal("--input", unlisted, "--metric", "revenue", "--expected-split", "control=1,treatment=1")).toMatch(
      /line 6, column "arm": arm "other" is not in --expected-split/,
    );
    const badQuote = csv('arm,revenue\ncontrol,1\ncontrol,"2\n');
    expect(await refusal("--input", badQuote, "--metric", "revenue")).toMatch(/line 3: a quoted field is not closed/);
    const headerOnly = csv("arm,revenue\n");
    expect(await refusal("--input", headerOnly, "--metric", "revenue")).toMatch(/line 1: no rows after the header/);
    expect(await refusal("--input", csv(""), "--metric", "revenue")).toMatch(/the file is empty/);
    expect(await refusal("--input", path.join(dir, "missing.csv"), "--metric", "revenue")).toMatch(/missing.csv: no such file/);
  });

  it("answers a wrong command line with exit 2 and the usage hint", async () => {
    const r = await run("--metric", "revenue");
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(/--input is required\nRun with --help for usage.\n$/);
    const help = await run("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage:/);
  });
});
