import { z } from "zod";

/** Fields of a segment a user sets; the definition itself is validated by definition.schema.ts. */
export const segmentNameSchema = z.string().trim().min(1, "A name is required").max(120, "Names are limited to 120 characters");

export const createSegmentInputSchema = z.strictObject({
  name: segmentNameSchema,
  description: z.string().trim().max(2_000).nullish(),
  kind: z.enum(["DYNAMIC", "STATIC"]).default("DYNAMIC"),
  definition: z.unknown(),
});
export type CreateSegmentInput = z.input<typeof createSegmentInputSchema>;

export const updateSegmentInputSchema = z.strictObject({
  name: segmentNameSchema.optional(),
  description: z.string().trim().max(2_000).nullish(),
  kind: z.enum(["DYNAMIC", "STATIC"]).optional(),
  definition: z.unknown().optional(),
});
export type UpdateSegmentInput = z.input<typeof updateSegmentInputSchema>;

export const membersPageInputSchema = z.strictObject({
  /** Customer id to continue after (keyset cursor). */
  after: z.string().regex(/^\d{1,19}$/).optional(),
  limit: z.number().int().min(1).max(1_000).default(100),
});
export type MembersPageInput = z.input<typeof membersPageInputSchema>;
