import { AppError } from "../errors.ts";
import { parseRouteId } from "../route-id.ts";
import { isCustomerId } from "./segment-input.schema.ts";

/** A segment id from the URL; anything that is not one is simply not found. */
export function parseSegmentId(raw: string | undefined): number {
  return parseRouteId(raw, "Segment");
}

/** Parses `?limit=` within bounds; a malformed value is a 422 rather than a silent default. */
export function parseLimit(raw: string | null, fallback: number, max: number): number {
  if (raw === null || raw === "") return fallback;
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
  if (n < 1 || n > max) {
    const message = `limit must be a whole number from 1 to ${max}`;
    throw new AppError("VALIDATION", message, [{ path: "limit", message }]);
  }
  return n;
}

/** Parses a keyset cursor (a customer id, within bigint); a malformed one is a 422 naming `after`. */
export function parseCursor(raw: string | null): string | undefined {
  if (raw === null || raw === "") return undefined;
  if (!isCustomerId(raw)) {
    const message = "after must be a customer id from the previous page";
    throw new AppError("VALIDATION", message, [{ path: "after", message }]);
  }
  return raw;
}
