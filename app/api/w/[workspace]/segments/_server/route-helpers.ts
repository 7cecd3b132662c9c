import { AppError } from "@/lib/errors";
import { parseRouteId } from "@/lib/route-id";
import { isCustomerId } from "@/lib/segments/segment-input.schema";
import type { SegmentSummary } from "@/lib/segments/segment-record";

/** A segment id from the URL; anything that is not one is simply not found. */
export function parseSegmentId(raw: string | undefined): number {
  return parseRouteId(raw, "Segment");
}

export interface SegmentJson {
  id: number;
  name: string;
  description: string | null;
  kind: "DYNAMIC" | "STATIC";
  definitionVersion: number;
  size: number;
  lastRefreshedAt: string | null;
  ownerId: string | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export function segmentJson(s: SegmentSummary): SegmentJson {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    kind: s.kind,
    definitionVersion: s.definitionVersion,
    size: s.size,
    lastRefreshedAt: s.lastRefreshedAt?.toISOString() ?? null,
    ownerId: s.ownerId,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    archivedAt: s.archivedAt?.toISOString() ?? null,
  };
}

/**
 * Postgres refusing to evaluate a definition's values (SQLSTATE class 22:
 * data exception, such as an out-of-range date or number) is the user's
 * input, not a server fault: it becomes a 422 like any invalid rule. Query
 * cancellation (57014, the statement timeout) and program limits (54xxx) say
 * the rules are too costly.
 */
export function asDefinitionError(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return err;
  if (code.startsWith("22")) return new AppError("VALIDATION", "A value in the rules cannot be evaluated (out of range or malformed).", { issues: [] });
  if (code === "57014") return new AppError("VALIDATION", "These rules take too long to evaluate; narrow them or simplify nested groups.", { issues: [] });
  // 54xxx: program limits (stack depth, too many columns), reachable through long chains of segment references.
  if (code.startsWith("54")) return new AppError("VALIDATION", "These rules are too complex to evaluate; reference fewer segments or flatten nested groups.", { issues: [] });
  return err;
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
