import { z } from "zod";
import type { AudienceCount } from "@/components/segment-builder/api-types";
import { countSegmentCancellable } from "./cancellable-count";
import { asDefinitionError } from "./route-helpers";

/** The count request body: the definition is validated by the engine, which names the rule at fault. */
export const countRequestSchema = z.object({
  definition: z.unknown(),
  sampleSize: z.number().int().min(0).max(50).optional(),
});

/** Counts an unsaved definition for the builder and the public API (one shape for both); `signal` is the request's, so a client that gives up stops the query. */
export async function countDefinition(workspaceId: number, body: unknown, signal?: AbortSignal): Promise<AudienceCount> {
  const { definition, sampleSize } = countRequestSchema.parse(body);
  if (definition === undefined) throw new z.ZodError([{ code: "custom", path: ["definition"], message: "definition is required", input: undefined }]);
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
