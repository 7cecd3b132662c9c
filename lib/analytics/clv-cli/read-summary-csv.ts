import type { DiscretePeriodData, FrequencyRecencyData } from "../btyd/types.ts";
import { CliError } from "./cli-error.ts";
import { CsvRowProblem, field, locateColumns, parseDecimal, readCsvRows, readHeader, withCsvLines, type CsvRow } from "./read-csv.ts";

interface RowLabels {
  /** customer_id column when present, else the 1-based data row number. */
  customerIds: string[];
}

export type SummaryRows = FrequencyRecencyData & RowLabels & { monetaryValue: Float64Array | null };
export type DiscreteSummaryRows = DiscretePeriodData & RowLabels;

function numberReader(row: CsvRow) {
  return (index: number, column: string, check: (n: number) => boolean, expected: string): number => {
    const text = field(row, index);
    const value = parseDecimal(text);
    if (value === null) throw new CsvRowProblem(row.record, column, `cannot read "${text}" as a number`);
    if (!check(value)) throw new CsvRowProblem(row.record, column, `${value} is not ${expected}`);
    return value;
  };
}


const isCount = (n: number) => Number.isInteger(n) && n >= 0;

/**
 * Per-customer frequency/recency/T rows (lifetimes' summary layout), validated
 * row by row. A monetary_value column, when present, must be positive for
 * repeat customers: Gamma-Gamma models positive spends.
 */
export function readSummaryCsv(file: string, options: { customerCol: string; requireMonetary: boolean }): Promise<SummaryRows> {
  return withCsvLines(file, async () => {
    const rows = readCsvRows(file);
    const at = locateColumns(await readHeader(file, rows), {
      x: { name: "frequency", required: true },
      tx: { name: "recency", required: true },
      T: { name: "T", required: true },
      monetary: { name: "monetary_value", required: options.requireMonetary },
      weight: { name: "weight", required: false },
      customer: { name: options.customerCol, required: false },
    });
    const x: number[] = [];
    const tx: number[] = [];
    const T: number[] = [];
    const weight: number[] = [];
    const monetary: number[] = [];
    const customerIds: string[] = [];
    for await (const row of rows) {
      const read = numberReader(row);
      const xi = read(at.x, "frequency", isCount, "a whole number >= 0");
      const Ti = read(at.T, "T", (n) => n >= 0, ">= 0");
      const txi = read(at.tx, "recency", (n) => n >= 0 && n <= Ti, `between 0 and T (${Ti})`);
      if (xi === 0 && txi !== 0) throw new CsvRowProblem(row.record, "recency", "must be 0 when frequency is 0");
      x.push(xi);
      tx.push(txi);
      T.push(Ti);
      weight.push(at.weight >= 0 ? read(at.weight, "weight", (n) => n > 0, "a positive weight") : 1);
      if (at.monetary >= 0) {
        const positive = (m: number) => xi === 0 || m > 0;
        monetary.push(read(at.monetary, "monetary_value", positive, "positive (Gamma-Gamma needs positive spend from repeat customers)"));
      }
      customerIds.push(at.customer >= 0 ? field(row, at.customer) : String(x.length));
    }
    if (x.length === 0) throw new CliError(`${file}: no rows after the header`);
    return {
      x: Float64Array.from(x),
      tx: Float64Array.from(tx),
      T: Float64Array.from(T),
      weight: Float64Array.from(weight),
      monetaryValue: at.monetary >= 0 ? Float64Array.from(monetary) : null,
      customerIds,
    };
  });
}

/** BG/BB rows: x transactions in n periods, the last in period tx (lifetimes' "recency"). */
export function readDiscreteSummaryCsv(file: string, options: { customerCol: string }): Promise<DiscreteSummaryRows> {
  return withCsvLines(file, async () => {
    const rows = readCsvRows(file);
    const at = locateColumns(await readHeader(file, rows), {
      x: { name: "frequency", required: true },
      tx: { name: "recency", required: true },
      n: { name: "periods", required: true },
      weight: { name: "weight", required: false },
      customer: { name: options.customerCol, required: false },
    });
    const x: number[] = [];
    const tx: number[] = [];
    const n: number[] = [];
    const weight: number[] = [];
    const customerIds: string[] = [];
    for await (const row of rows) {
      const read = numberReader(row);
      const ni = read(at.n, "periods", (v) => isCount(v) && v > 0, "a whole number > 0");
      const xi = read(at.x, "frequency", (v) => isCount(v) && v <= ni, `a whole number between 0 and periods (${ni})`);
      const txi = read(at.tx, "recency", (v) => isCount(v) && v <= ni, `a whole number between 0 and periods (${ni})`);
      if (xi === 0 && txi !== 0) throw new CsvRowProblem(row.record, "recency", "must be 0 when frequency is 0");
      if (xi > txi) throw new CsvRowProblem(row.record, "recency", `${txi} periods cannot hold ${xi} transactions`);
      x.push(xi);
      tx.push(txi);
      n.push(ni);
      weight.push(at.weight >= 0 ? read(at.weight, "weight", (v) => v > 0, "a positive weight") : 1);
      customerIds.push(at.customer >= 0 ? field(row, at.customer) : String(x.length));
    }
    if (x.length === 0) throw new CliError(`${file}: no rows after the header`);
    return {
      x: Float64Array.from(x),
      tx: Float64Array.from(tx),
      n: Float64Array.from(n),
      weight: Float64Array.from(weight),
      customerIds,
    };
  });
}
