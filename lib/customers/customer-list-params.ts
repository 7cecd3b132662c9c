import { INT8_MAX } from "../route-id.ts";
import { textProblem } from "../storable-text.ts";

export interface CustomerListParams {
  /** Search text as typed (first `q` when repeated). */
  query?: string;
  /** Keyset cursor; a malformed one is dropped, so the list starts from the first page. */
  after?: string;
  /** Why the search cannot run (the page says so instead of listing). */
  problem?: { path: "q"; message: string };
}

/** Longest search text: a search compares against email, names and external id, none of which is longer. */
export const MAX_CUSTOMER_QUERY_LENGTH = 500;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A customer keyset cursor: digits within bigint (0 starts from the newest). */
export function isCustomerCursor(raw: string): boolean {
  return /^\d{1,19}$/.test(raw) && BigInt(raw) <= INT8_MAX;
}

/**
 * The customers page's `?q=` and `?after=` as the URL gives them (a repeated
 * parameter arrives as an array). Text Postgres cannot compare (NUL) is
 * reported, not searched for: no email, name or id can contain it.
 */
export function parseCustomerListParams(raw: { q?: string | string[]; after?: string | string[] }): CustomerListParams {
  const query = first(raw.q);
  const afterRaw = first(raw.after);
  const after = afterRaw && isCustomerCursor(afterRaw) ? afterRaw : undefined;
  if (query === undefined) return { after };
  const problem = textProblem(query) ?? (query.length > MAX_CUSTOMER_QUERY_LENGTH ? `must be at most ${MAX_CUSTOMER_QUERY_LENGTH} characters` : null);
  if (problem) return { query, after, problem: { path: "q", message: `The search text ${problem}.` } };
  return { query, after };
}
