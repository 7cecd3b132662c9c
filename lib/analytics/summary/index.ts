export { parseCalendarDay, formatCalendarDay } from "./calendar-day.ts";
export {
  createTransactionColumnsBuilder,
  toTransactionColumns,
  type TransactionColumns,
  type TransactionColumnsBuilder,
  type TransactionRecord,
} from "./transaction-columns.ts";
export {
  summarizeTransactions,
  DAYS_PER_UNIT,
  type CustomerSummary,
  type HoldoutSummary,
  type SummaryOptions,
  type TimeUnit,
} from "./summarize-transactions.ts";
export { compressSummary, type CompressedSummary } from "./compress-summary.ts";
export { spendDataFromSummary, type SpendSource } from "./spend-data.ts";
