import { AppError } from "../errors.ts";
import { applySegmentMembership, type MembershipDiff } from "./apply-membership.ts";
import { parseSegmentDefinition } from "./parse-definition.ts";
import { isUniqueViolation, withTransaction } from "../db/transaction.ts";
import { lockSegmentRow } from "./refresh-segment.ts";
import { updateSegmentInputSchema, type UpdateSegmentInput } from "./segment-input.schema.ts";
import { audit } from "../audit.ts";
import { readSegmentSummary, type SegmentSummary } from "./segment-record.ts";
import { validateSegmentDefinition } from "./validate-segment-definition.ts";

export interface UpdateSegmentResult {
  segment: SegmentSummary;
  definitionChanged: boolean;
  /** Set when a static segment was re-frozen (new definition, or turned static). */
  membership: MembershipDiff | null;
  /** A dynamic segment whose rules changed: the caller enqueues a refresh. */
  needsRefresh: boolean;
}

/** JSON with sorted keys, so equal trees compare equal whatever order their keys arrived in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Renames, re-describes, changes kind or rules. A changed definition is
 * validated against the workspace's other segments (no cycle back to this
 * one) and bumps definitionVersion.
 */
export async function updateSegment(
  workspaceId: number,
  actorUserId: string | null,
  segmentId: number,
  input: UpdateSegmentInput,
  options: { now?: Date } = {},
): Promise<UpdateSegmentResult> {
  const patch = updateSegmentInputSchema.parse(input);
  try {
    return await withTransaction(async (client) => {
      const row = await lockSegmentRow(client, workspaceId, segmentId);
      if (row.archived_at) throw new AppError("CONFLICT", `Segment "${row.name}" is archived`);
      const name = patch.name ?? row.name;
      const kind = patch.kind ?? row.kind;
      const description = patch.description === undefined ? undefined : patch.description;
      const validated = await validateSegmentDefinition(workspaceId, patch.definition === undefined ? row.definition : patch.definition, {
        now: options.now,
        client,
        self: { id: row.id, name, kind },
      });
      let previous: string | null = null;
      try {
        previous = canonicalJson(parseSegmentDefinition(row.definition));
      } catch {
        // A stored definition that no longer parses is replaced by any valid one.
      }
      const definitionChanged = previous !== canonicalJson(validated.definition);
      const version = row.definition_version + (definitionChanged ? 1 : 0);
      await client.query(
        `UPDATE segment SET name = $1::text, description = CASE WHEN $2::bool THEN $3::text ELSE description END, kind = $4::"SegmentKind",
           definition = $5::jsonb, definition_version = $6::int4, updated_at = now()
         WHERE id = $7::int4 AND workspace_id = $8::int4`,
        [name, description !== undefined, description ?? null, kind, JSON.stringify(validated.definition), version, row.id, workspaceId],
      );
      const refreeze = kind === "STATIC" && (definitionChanged || row.kind !== "STATIC");
      const membership = refreeze ? await applySegmentMembership(client, workspaceId, row.id, validated.compiled) : null;
      await audit(client, {
        workspaceId,
        actorUserId,
        action: "segment.update",
        targetType: "segment",
        targetId: String(row.id),
        metadata: { definitionChanged, definitionVersion: version, kind },
      });
      const segment = (await readSegmentSummary(client, workspaceId, row.id))!;
      return { segment, definitionChanged, membership, needsRefresh: kind === "DYNAMIC" && (definitionChanged || row.kind !== "DYNAMIC") };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", `A segment named "${patch.name ?? ""}" already exists`);
    throw err;
  }
}
