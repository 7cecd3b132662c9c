import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Random } from "../../lib/analytics/btyd/random.ts";
import { armMoments, armSumsFromArrays } from "../../lib/stats/arm-sums.ts";
import { cupedDifference } from "../../lib/stats/cuped.ts";
import { relativeLift } from "../../lib/stats/delta-method.ts";
import { sampleRatioCheck } from "../../lib/stats/sample-ratio.ts";
import { welchDifference } from "../../lib/stats/welch.ts";

// The `uplift` command end to end, as a script calling it sees it: a child
// process on a generated file; its numbers are compared with the library
// computed from the same values held in arrays. No database is involved.

const repoRoot = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "uplift-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function uplift(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/uplift.ts", ...args], { cwd: repoRoot });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// Three arms (10% holdout, two variants), revenue correlated with the pre-period.
const arms = { holdout: { share: 0.1, lift: 0 }, email: { share: 0.45, lift: 0.06 }, sms: { share: 0.45, lift: 0.02 } };
const values: Record<string, { y: number[]; x: number[] }> = { holdout: { y: [], x: [] }, email: { y: [], x: [] }, sms: { y: [], x: [] } };
let file: string;

beforeAll(() => {
  const rng = new Random(2026);
  const lines = ["customer_id,variant,revenue_30d,revenue_pre_30d"];
  for (let i = 0; i < 20_000; i++) {
    const u = rng.uniform();
    const arm = u < 0.1 ? "holdout" : u < 0.55 ? "email" : "sms";
    const value = Math.exp(3 + 0.9 * rng.normal());
    const x = rng.uniform() < 0.5 ? Math.round(value * Math.exp(0.4 * rng.normal()) * 100) / 100 : 0;
    const y = rng.uniform() < 0.5 ? Math.round(value * Math.exp(0.4 * rng.normal()) * (1 + arms[arm].lift) * 100) / 100 : 0;
    values[arm]!.y.push(y);
    values[arm]!.x.push(x);
    lines.push(`c${i},${arm},${y},${x}`);
  }
  file = path.join(dir, "experiment.csv");
  writeFileSync(file, `${lines.join("\n")}\n`);
});

describe("npm run uplift", () => {
  it("prints what the library computes from the same values, for every arm against the control", async () => {
    const r = await uplift(
      "--input",
      file,
      "--metric",
      "revenue_30d",
      "--arm-col",
      "variant",
      "--control",
      "holdout",
      "--covariate",
      "revenue_pre_30d",
      "--confidence",
      "0.9",
      "--expected-split",
      "holdout=0.1,email=0.45,sms=0.45",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.metric).toBe("revenue_30d");
    expect(out.confidence).toBe(0.9);
    expect(out.arms.map((a: { arm: string }) => a.arm)).toEqual(["holdout", "email", "sms"]);

    const sums = Object.fromEntries(Object.entries(values).map(([arm, v]) => [arm, armSumsFromArrays(v.y, v.x)]));
    const control = sums.holdout!;
    for (const a of out.arms) {
      const v = values[a.arm]!.y;
      const mean = v.reduce((s, y) => s + y, 0) / v.length;
      expect(a.n).toBe(v.length);
      expect(a.mean).toBeCloseTo(mean, 9);
      expect(a.sd).toBeCloseTo(Math.sqrt(v.reduce((s, y) => s + (y - mean) ** 2, 0) / (v.length - 1)), 9);
    }
    for (const arm of ["email", "sms"]) {
      const c = out.comparisons.find((x: { arm: string }) => x.arm === arm);
      const plain = welchDifference(armMoments(control), armMoments(sums[arm]!), 0.9);
      expect(c.difference.estimate).toBeCloseTo(plain.estimate, 9);
      expect(c.difference.low).toBeCloseTo(plain.low, 9);
      expect(c.difference.high).toBeCloseTo(plain.high, 9);
      expect(c.difference.pValue).toBeCloseTo(plain.pValue, 12);
      const lift = relativeLift(armMoments(control), armMoments(sums[arm]!), 0.9)!;
      expect(c.relative.low).toBeCloseTo(lift.low, 12);
      expect(c.incrementalTotal.high).toBeCloseTo(plain.high * values[arm]!.y.length, 6);
      const cuped = cupedDifference(control, sums[arm]!, plain, 0.9);
      expect(c.cuped.theta).toBeCloseTo(cuped.theta, 9);
      expect(c.cuped.estimate).toBeCloseTo(cuped.estimate, 9);
      // The pre-period predicts the window here, so CUPED's interval is narrower.
      expect(c.cuped.high - c.cuped.low).toBeLessThan(c.difference.high - c.difference.low);
    }
    const srm = sampleRatioCheck(
      ["holdout", "email", "sms"].map((a) => values[a]!.y.length),
      [0.1, 0.45, 0.45],
    );
    expect(out.sampleRatio.pValue).toBeCloseTo(srm.pValue, 12);
  });

  it("exits 1 with file, line and column for a bad value, printing nothing on stdout", async () => {
    const bad = path.join(dir, "bad.csv");
    writeFileSync(bad, "customer_id,arm,revenue\nc1,control,1\nc2,control,2\nc3,treatment,n/a\n");
    const r = await uplift("--input", bad, "--metric", "revenue");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`uplift: ${bad} line 4, column "revenue": "n/a" is not a number\n`);
  });
});
