/**
 * Which orders the analytics count. Orders with these statuses never happened
 * as far as customer value is concerned (the money did not stay), so RFM and
 * CLV both leave them out; every other status counts. Orders placed after the
 * run's as-of time are left out too, so a run can be repeated exactly.
 */
export const EXCLUDED_ORDER_STATUSES: readonly string[] = ["cancelled", "canceled", "refunded", "failed", "voided"];

/**
 * Advisory lock (two-key form: this key, workspace id) held by every
 * transaction that writes customer_metrics for a workspace. RFM and CLV update
 * the same rows in different orders; without it two workers could deadlock.
 */
export const METRICS_WRITE_LOCK = 720_301;
