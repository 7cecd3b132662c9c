export type WriteOutcome = "created" | "updated" | "unchanged";

/** A valid row the database refused for what it names (an order line's unknown order or product). */
export interface RejectedRow {
  /** Position of the row in the written batch. */
  seq: number;
  /** The input field the reason is about. */
  field: string;
  reason: string;
}

/** What one set-based write did, per external id and in total. */
export interface WriteResult {
  /** external_id → outcome; rows that changed nothing are "unchanged". */
  outcomes: Map<string, WriteOutcome>;
  inserted: number;
  updated: number;
  /** Valid rows that changed nothing (identical data, or repeated later in the same batch). */
  unchanged: number;
  /** Customers created with only an external id because an order or event named an unknown customer. */
  createdCustomers: number;
  /** Rows not written because they name something the workspace does not have; not counted above. */
  rejected: RejectedRow[];
}

export function collectOutcomes(externalIds: Iterable<string>, returned: { external_id: string; inserted: boolean }[], rowCount: number, createdCustomers = 0): WriteResult {
  const outcomes = new Map<string, WriteOutcome>();
  for (const id of externalIds) outcomes.set(id, "unchanged");
  let inserted = 0;
  for (const r of returned) {
    outcomes.set(r.external_id, r.inserted ? "created" : "updated");
    if (r.inserted) inserted++;
  }
  const updated = returned.length - inserted;
  return { outcomes, inserted, updated, unchanged: rowCount - returned.length, createdCustomers, rejected: [] };
}
