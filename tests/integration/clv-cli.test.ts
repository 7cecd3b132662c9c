import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCalendarDay, parseCalendarDay } from "../../lib/analytics/summary/calendar-day.ts";
import { simulateBgNbdTransactions } from "../../lib/analytics/summary/simulate-transactions.ts";

// The `clv` command end to end: a child process per run, files in a temp dir,
// assertions on exit code, stdout and stderr as a script calling it would see them.
// No database is involved.

const repoRoot = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "clv-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function clv(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/clv.ts", ...args], { cwd: repoRoot });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function writeCsv(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function parseCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [head, ...lines] = text.trimEnd().split("\n");
  const header = head!.split(",");
  return { header, rows: lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [header[i], v]))) };
}

const FIT_KEYS = ["model", "params", "logLikelihood", "standardErrors", "customers", "aic", "bic"];

// BG/NBD truth for the simulated shop, weekly rates; 4,000 customers acquired over
// 12 weeks, observed to the end of 2023 with a 26-week holdout after it.
const truth = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
const customers = 4000;
let simulated: string;

beforeAll(() => {
  const firstDay = parseCalendarDay("2023-01-02")!;
  const records = simulateBgNbdTransactions(truth, {
    customers,
    firstDay,
    acquisitionDays: 84,
    lastDay: parseCalendarDay("2024-06-30")!,
    timeUnit: "week",
    seed: 20240630,
    spend: { p: 6, q: 4, gamma: 15 },
  });
  simulated = writeCsv(
    "simulated.csv",
    `customer_id,date,amount\n${records.map((r) => `${r.customerId},${formatCalendarDay(r.day)},${r.amount}`).join("\n")}\n`,
  );
});

describe("clv fit", () => {
  it("recovers the BG/NBD parameters of simulated transactions and reports the holdout table", async () => {
    const run = await clv(
      "fit",
      "--model",
      "bg-nbd",
      "--input",
      simulated,
      "--observation-end",
      "2023-12-31",
      "--holdout-end",
      "2024-06-30",
    );
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining([...FIT_KEYS, "calibrationHoldout"]));
    expect(out.model).toBe("bg-nbd");
    expect(out.customers).toBe(customers);
    expect(Object.keys(out.params).sort()).toEqual(["a", "alpha", "b", "r"]);
    for (const [name, value] of Object.entries(truth)) {
      const se = out.standardErrors[name];
      expect(se, name).toBeGreaterThan(0);
      expect(Math.abs(out.params[name] - value), `${name}: ${out.params[name]} ± ${se}`).toBeLessThan(3 * se);
    }
    expect(out.aic).toBeCloseTo(8 - 2 * out.logLikelihood, 6);
    expect(out.bic).toBeCloseTo(4 * Math.log(customers) - 2 * out.logLikelihood, 6);

    const table = out.calibrationHoldout;
    expect(table.holdoutDuration).toBeCloseTo(182 / 7, 12);
    expect(table.rows.map((r: { label: string }) => r.label)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7+"]);
    expect(table.rows.reduce((s: number, r: { customers: number }) => s + r.customers, 0)).toBe(customers);
    const totals = table.rows.reduce(
      (acc: { actual: number; predicted: number }, r: Record<string, number>) => ({
        actual: acc.actual + r.customers! * r.actualMeanHoldoutPurchases!,
        predicted: acc.predicted + r.customers! * r.predictedMeanHoldoutPurchases!,
      }),
      { actual: 0, predicted: 0 },
    );
    // The model generated the data, so its holdout forecast should be close in aggregate.
    expect(Math.abs(totals.predicted / totals.actual - 1)).toBeLessThan(0.08);
  });

  it("reproduces the published CDNOW and donation fits from per-customer rows", async () => {
    const cdnow = readFileSync(path.join(repoRoot, "lib/analytics/btyd/fixtures/cdnow-summary.csv"), "utf8").trimEnd().split("\n");
    const summary = writeCsv(
      "cdnow.csv",
      `customer_id,frequency,recency,T,monetary_value\n${cdnow
        .slice(1)
        .map((line) => line.trim())
        .join("\n")}\n`,
    );
    // Fader, Hardie and Lee (2005): r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.4.
    const bg = JSON.parse((await clv("fit", "--model", "bg-nbd", "--summary-input", summary)).stdout);
    expect(bg.params.r).toBeCloseTo(0.243, 3);
    expect(bg.params.alpha).toBeCloseTo(4.414, 2);
    expect(bg.params.a).toBeCloseTo(0.793, 2);
    expect(bg.params.b).toBeCloseTo(2.426, 2);
    expect(bg.logLikelihood).toBeCloseTo(-9582.4, 1);
    // Fader and Hardie, "The Gamma-Gamma model of monetary value": p 6.25, q 3.74, v 15.44 on 946 repeat buyers.
    const gg = JSON.parse((await clv("fit", "--model", "gamma-gamma", "--summary-input", summary)).stdout);
    expect(gg.customers).toBe(946);
    expect(gg.params.p).toBeCloseTo(6.25, 1);
    expect(gg.params.q).toBeCloseTo(3.74, 1);
    expect(gg.params.v).toBeCloseTo(15.44, 1);

    const donations = readFileSync(path.join(repoRoot, "lib/analytics/btyd/fixtures/donations.csv"), "utf8");
    const grouped = writeCsv("donations.csv", donations.replace("frequency,recency,n,n_custs", "frequency,recency,periods,weight"));
    // Fader, Hardie and Shang (2010): alpha 1.204, beta 0.750, gamma 0.657, delta 2.783, LL -33225.6.
    const bb = JSON.parse((await clv("fit", "--model", "bg-bb", "--summary-input", grouped)).stdout);
    expect(bb.customers).toBe(11104);
    expect(bb.params.alpha).toBeCloseTo(1.204, 2);
    expect(bb.params.beta).toBeCloseTo(0.75, 2);
    expect(bb.params.gamma).toBeCloseTo(0.657, 2);
    expect(bb.params.delta).toBeCloseTo(2.783, 1);
    expect(bb.logLikelihood).toBeCloseTo(-33225.6, 1);
  });
});

describe("clv predict", () => {
  it("prints one CSV row per customer, with CLV = expected purchases x Gamma-Gamma spend", async () => {
    const base = ["--input", simulated, "--observation-end", "2023-12-31"];
    const run = await clv("predict", "--model", "bg-nbd", ...base, "--horizon", "52");
    expect(run.code, run.stderr).toBe(0);
    const { header, rows } = parseCsv(run.stdout);
    expect(header).toEqual(["customer_id", "frequency", "recency", "T", "monetary_value", "p_alive", "expected_purchases", "clv"]);
    expect(rows.length).toBe(customers);

    // Independent check of the CLV column: the Gamma-Gamma conditional mean
    // p (v + x m) / (p x + q - 1) from the separately printed spend fit.
    const gg = JSON.parse((await clv("fit", "--model", "gamma-gamma", ...base)).stdout).params;
    for (const row of rows.slice(0, 200)) {
      const x = Number(row.frequency);
      const m = Number(row.monetary_value);
      const pAlive = Number(row.p_alive);
      expect(pAlive).toBeGreaterThan(0);
      expect(pAlive).toBeLessThanOrEqual(1);
      expect(Number(row.recency)).toBeLessThanOrEqual(Number(row.T));
      const spend = x > 0 ? (gg.p * (gg.v + x * m)) / (gg.p * x + gg.q - 1) : (gg.p * gg.v) / (gg.q - 1);
      expect(Number(row.clv)).toBeCloseTo(Number(row.expected_purchases) * spend, 6);
    }

    const discounted = parseCsv((await clv("predict", "--model", "bg-nbd", ...base, "--horizon", "52", "--discount-rate", "0.01")).stdout);
    discounted.rows.forEach((row, i) => {
      expect(row.customer_id).toBe(rows[i]!.customer_id);
      expect(Number(row.clv)).toBeLessThan(Number(rows[i]!.clv));
      expect(Number(row.clv)).toBeGreaterThan(Number(rows[i]!.clv) * 1.01 ** -52);
    });
  });

  it("leaves spend columns empty without amounts and measures days when asked", async () => {
    // The simulated shop without its amount column, plus four hand-checked customers.
    const lines = readFileSync(simulated, "utf8").trimEnd().split("\n").slice(1);
    const withoutAmounts = lines.map((line) => line.split(",").slice(0, 2).join(","));
    const handChecked = ["a,2023-10-02", "a,2023-10-16", "b,2023-10-11", "c,2023-11-02", "c,2023-11-21", "c,2023-12-01", "d,2023-12-31"];
    const file = writeCsv("no-amounts.csv", `customer_id,date\n${[...withoutAmounts, ...handChecked].join("\n")}\n`);
    const run = await clv("predict", "--model", "bg-nbd", "--input", file, "--observation-end", "2023-12-31", "--time-unit", "day", "--horizon", "30");
    expect(run.code, run.stderr).toBe(0);
    const { rows } = parseCsv(run.stdout);
    expect(rows.length).toBe(customers + 4);
    expect(rows.slice(-4).map((r) => [r.customer_id, r.frequency, r.recency, r.T, r.monetary_value, r.clv])).toEqual([
      ["a", "1", "14", "90", "", ""],
      ["b", "0", "0", "81", "", ""],
      ["c", "2", "29", "59", "", ""],
      ["d", "0", "0", "0", "", ""], // first purchase on the observation end: kept out of the fit, still scored
    ]);
    for (const row of rows) {
      expect(Number(row.expected_purchases)).toBeGreaterThan(0);
      expect(row.clv).toBe("");
    }
  });
});

describe("clv errors", () => {
  it("prints usage on --help", async () => {
    const run = await clv("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage:/);
    expect(run.stdout).toContain("--observation-end");
  });

  it("exits 2 on a bad command line, with nothing on stdout", async () => {
    const run = await clv("fit", "--model", "bg-nbdx", "--input", simulated, "--observation-end", "2023-12-31");
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain('unknown model "bg-nbdx"');
  });

  it("names the line and column of a bad value and exits 1", async () => {
    const badDate = writeCsv("bad-date.csv", "customer_id,date,amount\na,2024-01-01,5\na,2024-01-08,5\nb,01/09/2024,7\n");
    const run = await clv("fit", "--model", "bg-nbd", "--input", badDate, "--observation-end", "2024-02-01");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`${badDate} line 4, column "date": cannot read "01/09/2024" as a date`);

    const badAmount = writeCsv("bad-amount.csv", "customer_id,date,amount\na,2024-01-01,5\na,2024-01-08,five\n");
    const amountRun = await clv("predict", "--model", "bg-nbd", "--input", badAmount, "--observation-end", "2024-02-01", "--horizon", "4");
    expect(amountRun.code).toBe(1);
    expect(amountRun.stdout).toBe("");
    expect(amountRun.stderr).toContain('line 3, column "amount": cannot read "five" as a number');
  });

  it("names a missing column and refuses Gamma-Gamma without repeat buyers", async () => {
    const file = writeCsv("one-purchase-each.csv", "customer_id,day,amount\na,2024-01-01,5\nb,2024-01-03,9\n");
    const missing = await clv("fit", "--model", "bg-nbd", "--input", file, "--observation-end", "2024-02-01");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('line 1: missing column "date"');

    const noRepeats = await clv("fit", "--model", "gamma-gamma", "--input", file, "--date-col", "day", "--observation-end", "2024-02-01");
    expect(noRepeats.code).toBe(1);
    expect(noRepeats.stdout).toBe("");
    expect(noRepeats.stderr).toContain("no customer has a repeat purchase");
  });
});
