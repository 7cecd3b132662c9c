import { parseCalendarDay } from "../summary/calendar-day.ts";
import { createTransactionColumnsBuilder, type TransactionColumns } from "../summary/transaction-columns.ts";
import { CliError, rowError } from "./cli-error.ts";
import { locateColumns, parseDecimal, readCsvRows } from "./read-csv.ts";

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
export async function readTransactionsCsv(options: TransactionCsvOptions): Promise<TransactionColumns> {
  const { file } = options;
  const rows = readCsvRows(file);
  const first = await rows.next();
  if (first.done) throw new CliError(`${file}: the file is empty (expected a header row)`);
  const header = first.value;
  const at = locateColumns(file, header, {
    customer: { name: options.customerCol, required: true },
    date: { name: options.dateCol, required: true },
    amount: { name: options.amountCol, required: options.requireAmounts },
  });
  const builder = createTransactionColumnsBuilder({ withAmounts: at.amount >= 0 });
  for await (const { fields, line } of rows) {
    const customerId = fields[at.customer]!;
    if (customerId === "") throw rowError(file, line, options.customerCol, "empty customer id");
    const dateText = fields[at.date]!;
    const day = parseCalendarDay(dateText);
    if (day === null) {
      throw rowError(file, line, options.dateCol, `cannot read "${dateText}" as a date (use YYYY-MM-DD or YYYYMMDD)`);
    }
    if (at.amount >= 0) {
      const amountText = fields[at.amount]!;
      const amount = parseDecimal(amountText);
      if (amount === null) throw rowError(file, line, options.amountCol, `cannot read "${amountText}" as a number`);
      builder.push(customerId, day, amount);
    } else {
      builder.push(customerId, day);
    }
  }
  if (builder.rowCount === 0) throw new CliError(`${file}: no transactions after the header`);
  return builder.build();
}
