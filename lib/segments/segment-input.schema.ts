import { z } from "zod";

/** Largest body a segment route reads (a save, an edit or a live count): room for a large rule tree. */
export const MAX_SEGMENT_BODY_BYTES = 2 * 1024 * 1024;

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

const INT8_MAX = 9_223_372_036_854_775_807n;

/** A segment id that fits Postgres integer (anything else cannot exist). */
export function isSegmentId(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 1 && value <= 2_147_483_647;
}

/** A customer id as text: digits within Postgres bigint. */
export function isCustomerId(value: string): boolean {
  return /^\d{1,19}$/.test(value) && BigInt(value) <= INT8_MAX;
}

export const membersPageInputSchema = z.strictObject({
  /** Customer id to continue after (keyset cursor). */
  after: z.string().refine(isCustomerId, "Not a customer id").optional(),
  limit: z.number().int().min(1).max(1_000).default(100),
});
export type MembersPageInput = z.input<typeof membersPageInputSchema>;
