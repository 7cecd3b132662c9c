/**
 * The customer columns every customer listing reads (the customers list, its
 * CSV export, a segment's member pages and CSV export): who the customer is,
 * the value columns of the last analytics run and the consents. One select
 * and one row type per group, so the listings cannot drift apart; each
 * listing still chooses its own column order in what it shows.
 *
 * The SQL speaks of `c` (customer) and `m` (customer_metrics, left-joined:
 * its columns are null until an analytics run has scored the customer).
 */

/** Customer id as text: an int8 would lose digits past 2^53 in JavaScript. */
export const IDENTITY_SQL = `c.id::text AS id, c.external_id, c.email, c.first_name, c.last_name, c.phone, c.country::text AS country`;

export interface IdentityRow {
  id: string;
  external_id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  country: string | null;
}

export const VALUE_SQL = `m.rfm_segment, m.predicted_clv_12m, m.p_alive, m.churn_risk_band`;

export interface ValueRow {
  rfm_segment: string | null;
  predicted_clv_12m: number | null;
  p_alive: number | null;
  churn_risk_band: string | null;
}

export const CONSENT_SQL = `c.email_consent, c.sms_consent, c.push_consent`;

export interface ConsentRow {
  email_consent: boolean;
  sms_consent: boolean;
  push_consent: boolean;
}

/** The identity columns of a CSV export, in the order both exports begin with. */
export const IDENTITY_CSV_COLUMNS = ["customer_id", "external_id", "email", "first_name", "last_name", "phone", "country"] as const;

export function identityCells(r: IdentityRow): (string | null)[] {
  return [r.id, r.external_id, r.email, r.first_name, r.last_name, r.phone, r.country];
}

export const CONSENT_CSV_COLUMNS = ["email_consent", "sms_consent", "push_consent"] as const;

export function consentCells(r: ConsentRow): string[] {
  return [String(r.email_consent), String(r.sms_consent), String(r.push_consent)];
}

/** A float8 as a CSV cell: JavaScript's shortest exact text, empty before an analytics run. */
export function numberCell(value: number | null): string | null {
  return value === null ? null : String(value);
}
