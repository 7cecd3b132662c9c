import { AppError } from "./errors.ts";

/** Largest value of a Postgres integer (int4) and bigint (int8) column. */
export const INT4_MAX = 2_147_483_647;
export const INT8_MAX = 9_223_372_036_854_775_807n;

/**
 * An int4 id from a URL segment ([importId], [segmentId], [keyId]). Anything
 * that cannot be one, including a number past the column's range (which
 * Postgres would refuse with a 500), is simply not found.
 */
export function parseRouteId(raw: string | undefined, what: string): number {
  const id = raw && /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : 0;
  if (id < 1 || id > INT4_MAX) throw new AppError("NOT_FOUND", `${what} not found`);
  return id;
}

/** Digits that fit a bigint id column (customer ids): 1 to 2^63 - 1, no sign, no leading zero. */
export function isBigintId(raw: unknown): raw is string {
  return typeof raw === "string" && /^[1-9]\d{0,18}$/.test(raw) && BigInt(raw) <= INT8_MAX;
}

/**
 * An int4 id from a query parameter (`?from=`, `?with=`): absent is undefined;
 * anything else that is not a whole number from 1 to INT4_MAX is a 422 naming
 * the parameter, because the client chose the name and should learn which.
 */
export function parseQueryId(raw: string | null, parameter: string, what: string): number | undefined {
  if (raw === null) return undefined;
  const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : 0;
  if (id < 1 || id > INT4_MAX) {
    const message = `${parameter} must be ${what} (a whole number from 1 to ${INT4_MAX})`;
    throw new AppError("VALIDATION", message, [{ path: parameter, message }]);
  }
  return id;
}
