import { countSegment, type SegmentCount } from "@/lib/segments/count-segment";

/** Longest a live count may run; past it the rules are reported as too costly (422). */
export const COUNT_TIMEOUT_MS = 30_000;

/**
 * The builder's live count: the engine's count with the request's signal (an
 * abandoned request cancels its query in Postgres) and the route's timeout.
 */
export async function countSegmentCancellable(
  workspaceId: number,
  definitionInput: unknown,
  options: { sampleSize: number; signal?: AbortSignal },
): Promise<SegmentCount> {
  return countSegment(workspaceId, definitionInput, { sampleSize: options.sampleSize, signal: options.signal, timeoutMs: COUNT_TIMEOUT_MS });
}
