/**
 * Transactions in columns, with customer ids dictionary-encoded: row i is
 * customer `customerIds[customerIndex[i]]` buying `amount[i]` on calendar day
 * `day[i]`. Millions of rows stay a few typed arrays instead of millions of
 * objects, and grouping by customer becomes a counting sort.
 */
export interface TransactionColumns {
  /** Distinct customer ids, in order of first appearance. */
  customerIds: readonly string[];
  customerIndex: Uint32Array;
  /** Calendar day numbers (see calendar-day.ts). */
  day: Int32Array;
  /** Amount per transaction; null when spend is not known. */
  amount: Float64Array | null;
}

export interface TransactionRecord {
  customerId: string;
  /** Calendar day number. */
  day: number;
  amount?: number;
}

export interface TransactionColumnsBuilder {
  push(customerId: string, day: number, amount?: number): void;
  readonly rowCount: number;
  build(): TransactionColumns;
}

/** Accumulates rows one at a time (a CSV reader's shape) into columns. */
export function createTransactionColumnsBuilder(options: { withAmounts: boolean }): TransactionColumnsBuilder {
  const idToIndex = new Map<string, number>();
  const customerIds: string[] = [];
  const customerIndex: number[] = [];
  const days: number[] = [];
  const amounts: number[] = [];
  return {
    push(customerId, day, amount) {
      if (!Number.isInteger(day)) throw new RangeError(`day must be an integer day number, got ${day}`);
      let index = idToIndex.get(customerId);
      if (index === undefined) {
        index = customerIds.length;
        idToIndex.set(customerId, index);
        customerIds.push(customerId);
      }
      customerIndex.push(index);
      days.push(day);
      if (options.withAmounts) {
        if (amount === undefined || !Number.isFinite(amount)) {
          throw new RangeError(`amount must be a finite number, got ${amount}`);
        }
        amounts.push(amount);
      }
    },
    get rowCount() {
      return days.length;
    },
    build() {
      return {
        customerIds,
        customerIndex: Uint32Array.from(customerIndex),
        day: Int32Array.from(days),
        amount: options.withAmounts ? Float64Array.from(amounts) : null,
      };
    },
  };
}

/** Convenience for small inputs (tests, API payloads). */
export function toTransactionColumns(records: readonly TransactionRecord[]): TransactionColumns {
  // Mixed input (some rows with amounts, some without) fails in push rather than losing spend silently.
  const withAmounts = records.some((r) => r.amount !== undefined);
  const builder = createTransactionColumnsBuilder({ withAmounts });
  for (const r of records) builder.push(r.customerId, r.day, r.amount);
  return builder.build();
}
