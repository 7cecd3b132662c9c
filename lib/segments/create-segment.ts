import { AppError } from "../errors.ts";
import { applySegmentMembership, lockSegment, type MembershipDiff } from "./apply-membership.ts";
import { isUniqueViolation, withTransaction } from "../db/transaction.ts";
import { createSegmentInputSchema, type CreateSegmentInput } from "./segment-input.schema.ts";
import { audit } from "../audit.ts";
import { readSegmentSummary, type SegmentSummary } from "./segment-record.ts";
import { validateSegmentDefinition } from "./validate-segment-definition.ts";

export interface CreateSegmentResult {
  segment: SegmentSummary;
  /** Set for static segments, whose members are frozen at save. */
  membership: MembershipDiff | null;
  /** Dynamic segments are filled by their first refresh (the caller enqueues it). */
  needsRefresh: boolean;
}

/**
 * Saves a new segment after full validation (schema, references, compile).
 * A static segment's members are computed and stored in the same transaction,
 * so it never exists without them.
 */
export async function createSegment(
  workspaceId: number,
  actorUserId: string | null,
  input: CreateSegmentInput,
  options: { now?: Date } = {},
): Promise<CreateSegmentResult> {
  const parsed = createSegmentInputSchema.parse(input);
  try {
    return await withTransaction(async (client) => {
      const { definition, compiled } = await validateSegmentDefinition(workspaceId, parsed.definition, { now: options.now, client });
      const inserted = await client.query<{ id: number }>(
        `INSERT INTO segment (workspace_id, name, description, kind, definition, owner_id)
         VALUES ($1::int4, $2::text, $3::text, $4::"SegmentKind", $5::jsonb, $6::text) RETURNING id`,
        [workspaceId, parsed.name, parsed.description ?? null, parsed.kind, JSON.stringify(definition), actorUserId],
      );
      const segmentId = inserted.rows[0]!.id;
      let membership: MembershipDiff | null = null;
      if (parsed.kind === "STATIC") {
        await lockSegment(client, segmentId);
        membership = await applySegmentMembership(client, workspaceId, segmentId, compiled);
      }
      await audit(client, { workspaceId, actorUserId, action: "segment.create", targetType: "segment", targetId: String(segmentId), metadata: { name: parsed.name, kind: parsed.kind } });
      const segment = (await readSegmentSummary(client, workspaceId, segmentId))!;
      return { segment, membership, needsRefresh: parsed.kind === "DYNAMIC" };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", `A segment named "${parsed.name}" already exists`);
    throw err;
  }
}
