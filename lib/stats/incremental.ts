/**
 * What the difference per customer means for the campaign as a whole.
 *
 * Incremental total: the per-customer difference times the treated customers
 * (the revenue the treated group would not have had without the campaign);
 * its interval is the difference's interval scaled by the same count.
 *
 * Incremental ROI: (incremental revenue × gross margin − message cost) /
 * message cost, with message cost = cost per message × messages sent. It is
 * increasing in the incremental revenue, so the revenue interval's ends map
 * straight to the ROI interval's ends. 0 means the campaign paid for its
 * messages and no more; −1 means it earned nothing back.
 */
import type { Interval } from "./interval.ts";

export function incrementalTotal(difference: Interval, treatedCustomers: number): Interval {
  return {
    estimate: difference.estimate * treatedCustomers,
    low: difference.low * treatedCustomers,
    high: difference.high * treatedCustomers,
  };
}

export interface RoiInputs {
  /** Incremental revenue over all treated customers (an incrementalTotal). */
  incrementalRevenue: Interval;
  /** Gross margin on revenue, in percent (40 means 40%). */
  grossMarginPercent: number;
  costPerMessage: number;
  messagesSent: number;
}

/** Null when nothing was spent (ROI is undefined without a cost). */
export function incrementalRoi(inputs: RoiInputs): Interval | null {
  const { incrementalRevenue, grossMarginPercent, costPerMessage, messagesSent } = inputs;
  if (!(grossMarginPercent >= 0 && grossMarginPercent <= 100)) throw new RangeError("gross margin must be within 0–100%");
  if (!(costPerMessage >= 0) || !(messagesSent >= 0)) throw new RangeError("cost per message and messages sent cannot be negative");
  const cost = costPerMessage * messagesSent;
  if (cost === 0) return null;
  const margin = grossMarginPercent / 100;
  const roi = (revenue: number) => (revenue * margin - cost) / cost;
  return { estimate: roi(incrementalRevenue.estimate), low: roi(incrementalRevenue.low), high: roi(incrementalRevenue.high) };
}
