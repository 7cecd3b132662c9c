import { parseCalendarDay } from "../summary/calendar-day.ts";
import { createTransactionColumnsBuilder, type TransactionColumns } from "../summary/transaction-columns.ts";
import { CliError } from "./cli-error.ts";
import { CsvRowProblem, field, locateColumns, parseDecimal, readCsvRows, readHeader, withCsvLines } from "./read-csv.ts";

export interface TransactionCsvOptions {
  file: string;
  customerCol: string;
  dateCol: string;
  amountCol: string;
  /** The amount column must exist (spend is modelled, or the user named it). */
  requireAmounts: boolean;
}

/**
 * Reads a transactions CSV into columns. Every row is checked, including rows
 * after the observation window: a file with a broken row is a broken file.
 */
export function readTransactionsCsv(options: TransactionCsvOptions): Promise<TransactionColumns> {
  const { file } = options;
  return withCsvLines(file, async () => {
    const rows = readCsvRows(file);
    const at = locateColumns(await readHeader(file, rows), {
      customer: { name: options.customerCol, required: true },
      date: { name: options.dateCol, required: true },
      amount: { name: options.amountCol, required: options.requireAmounts },
    });
    const builder = createTransactionColumnsBuilder({ withAmounts: at.amount >= 0 });
    for await (const row of rows) {
      const customerId = field(row, at.customer);
      if (customerId === "") throw new CsvRowProblem(row.record, options.customerCol, "empty customer id");
      const dateText = field(row, at.date);
      const day = parseCalendarDay(dateText);
      if (day === null) {
        throw new CsvRowProblem(row.record, options.dateCol, `cannot read "${dateText}" as a date (use YYYY-MM-DD or YYYYMMDD)`);
      }
      if (at.amount >= 0) {
        const amountText = field(row, at.amount);
        const amount = parseDecimal(amountText);
        if (amount === null) throw new CsvRowProblem(row.record, options.amountCol, `cannot read "${amountText}" as a number`);
        builder.push(customerId, day, amount);
      } else {
        builder.push(customerId, day);
      }
    }
    if (builder.rowCount === 0) throw new CliError(`${file}: no transactions after the header`);
    return builder.build();
  });
}
