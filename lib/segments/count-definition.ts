import { z } from "zod";
import { countSegment, type SegmentCount } from "./count-segment.ts";
import { asDefinitionError } from "./segment-definition-error.ts";
import type { AudienceCount } from "./segment-views.ts";

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

/** The count request body: the definition is validated by the engine, which names the rule at fault. */
export const countRequestSchema = z.object({
  definition: z.unknown().refine((definition) => definition !== undefined, "definition is required"),
  sampleSize: z.number().int().min(0).max(50).optional(),
});

export type CountRequest = z.output<typeof countRequestSchema>;

/** Counts an unsaved definition for the builder and the public API (one shape for both); `signal` is the request's, so a client that gives up stops the query. */
export async function countDefinition(workspaceId: number, { definition, sampleSize }: CountRequest, signal?: AbortSignal): Promise<AudienceCount> {
  const result = await countSegmentCancellable(workspaceId, definition, { sampleSize: sampleSize ?? 10, signal }).catch((err: unknown) => {
    throw asDefinitionError(err);
  });
  return {
    size: result.size,
    total: result.totalCustomers,
    share: result.share,
    sample: result.sample.map((c) => ({
      id: c.customerId,
      externalId: c.externalId,
      email: c.email,
      name: [c.firstName, c.lastName].filter(Boolean).join(" ") || null,
    })),
  };
}
