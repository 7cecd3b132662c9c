import { AppError } from "./errors.ts";

const INT4_MAX = 2_147_483_647;

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
