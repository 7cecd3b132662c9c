import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCalendarDay } from "../summary/calendar-day.ts";
import { CliError } from "./cli-error.ts";
import { readTransactionsCsv } from "./read-transactions-csv.ts";
import { readDiscreteSummaryCsv, readSummaryCsv } from "./read-summary-csv.ts";

const dir = mkdtempSync(path.join(tmpdir(), "clv-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
const file = (text: string) => {
  const p = path.join(dir, `f${++fileCount}.csv`);
  writeFileSync(p, text);
  return p;
};
const transactions = (p: string, requireAmounts = false) =>
  readTransactionsCsv({ file: p, customerCol: "customer_id", dateCol: "date", amountCol: "amount", requireAmounts });
const failure = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CliError);
  expect((err as CliError).exitCode).toBe(1);
  return (err as CliError).message;
};

describe("readTransactionsCsv", () => {
  it("reads ids, days and amounts, tolerating a BOM, spaces, blank lines and quoted fields", async () => {
    const p = file('\uFEFFamount, customer_id ,date\n12.5,a,2024-01-02\n\n"1,000",b,20240103\n3,"a",2024-01-05T10:00:00Z\n');
    await expect(transactions(p)).rejects.toThrow(/line 4, column "amount": cannot read "1,000"/);
    const ok = file("amount,customer_id,date\n12.5,a,2024-01-02\n\n7,b,20240103\n3,a,2024-01-05T10:00:00Z\n");
    const t = await transactions(ok);
    expect(t.customerIds).toEqual(["a", "b"]);
    expect(Array.from(t.customerIndex)).toEqual([0, 1, 0]);
    expect(Array.from(t.day)).toEqual(["2024-01-02", "2024-01-03", "2024-01-05"].map((d) => parseCalendarDay(d)));
    expect(Array.from(t.amount!)).toEqual([12.5, 7, 3]);
  });

  it("works without an amount column unless amounts are required", async () => {
    const p = file("customer_id,date\na,2024-01-02\n");
    expect((await transactions(p)).amount).toBeNull();
    expect(await failure(transactions(p, true))).toBe(`${p} line 1: missing column "amount" in the header (found "customer_id", "date")`);
  });

  it("names the file, line and column of a bad value", async () => {
    const badDate = file("customer_id,date,amount\na,2024-01-02,1\nb,2024-02-30,2\n");
    expect(await failure(transactions(badDate))).toBe(
      `${badDate} line 3, column "date": cannot read "2024-02-30" as a date (use YYYY-MM-DD or YYYYMMDD)`,
    );
    const emptyId = file("customer_id,date,amount\n,2024-01-02,1\n");
    expect(await failure(transactions(emptyId))).toMatch(/line 2, column "customer_id": empty customer id/);
    const ragged = file("customer_id,date,amount\na,2024-01-02,1\nb,2024-01-03\n");
    expect(await failure(transactions(ragged))).toMatch(new RegExp(`^${ragged} line 3: `));
  });

  it("reports missing and empty files", async () => {
    expect(await failure(transactions(path.join(dir, "nope.csv")))).toMatch(/nope\.csv: no such file/);
    expect(await failure(transactions(file("")))).toMatch(/empty/);
    expect(await failure(transactions(file("customer_id,date\n")))).toMatch(/no transactions/);
  });
});

describe("readSummaryCsv", () => {
  it("reads lifetimes-style rows with optional weight and ids", async () => {
    const s = await readSummaryCsv(file("customer_id,frequency,recency,T,monetary_value\nx1,2,5.5,10,20\nx2,0,0,8,0\n"), {
      customerCol: "customer_id",
      requireMonetary: true,
    });
    expect(s.customerIds).toEqual(["x1", "x2"]);
    expect(Array.from(s.tx)).toEqual([5.5, 0]);
    expect(Array.from(s.weight)).toEqual([1, 1]);
    expect(Array.from(s.monetaryValue!)).toEqual([20, 0]);
    const noIds = await readSummaryCsv(file("frequency,recency,T,weight\n1,2,3,4\n"), { customerCol: "customer_id", requireMonetary: false });
    expect(noIds.customerIds).toEqual(["1"]);
    expect(noIds.monetaryValue).toBeNull();
    expect(Array.from(noIds.weight)).toEqual([4]);
  });

  it("refuses impossible rows", async () => {
    const opts = { customerCol: "customer_id", requireMonetary: false };
    expect(await failure(readSummaryCsv(file("frequency,recency,T\n1,2,3\n1.5,2,3\n"), opts))).toMatch(/line 3, column "frequency"/);
    expect(await failure(readSummaryCsv(file("frequency,recency,T\n1,4,3\n"), opts))).toMatch(/line 2, column "recency": 4 is not between 0 and T \(3\)/);
    expect(await failure(readSummaryCsv(file("frequency,recency,T\n0,1,3\n"), opts))).toMatch(/must be 0 when frequency is 0/);
    expect(await failure(readSummaryCsv(file("frequency,recency,T,weight\n0,0,3,0\n"), opts))).toMatch(/column "weight"/);
    expect(await failure(readSummaryCsv(file("frequency,recency\n0,0\n"), opts))).toMatch(/missing column "T"/);
    const spend = file("frequency,recency,T,monetary_value\n0,0,5,0\n2,3,5,0\n");
    expect(await failure(readSummaryCsv(spend, opts))).toMatch(/line 3, column "monetary_value": 0 is not positive/);
  });
});

describe("readDiscreteSummaryCsv", () => {
  it("reads BG/BB rows and refuses inconsistent ones", async () => {
    const s = await readDiscreteSummaryCsv(file("frequency,recency,periods,weight\n0,0,6,10\n3,5,6,2\n"), { customerCol: "customer_id" });
    expect(Array.from(s.n)).toEqual([6, 6]);
    expect(Array.from(s.weight)).toEqual([10, 2]);
    const opts = { customerCol: "customer_id" };
    expect(await failure(readDiscreteSummaryCsv(file("frequency,recency,periods\n7,6,6\n"), opts))).toMatch(/column "frequency"/);
    expect(await failure(readDiscreteSummaryCsv(file("frequency,recency,periods\n4,3,6\n"), opts))).toMatch(/cannot hold 4 transactions/);
  });
});
