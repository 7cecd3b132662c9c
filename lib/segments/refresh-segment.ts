import type pg from "pg";
import { AppError } from "../errors.ts";
import { applySegmentMembership, lockSegment, type MembershipDiff } from "./apply-membership.ts";
import { isSegmentId } from "./segment-input.schema.ts";
import { validateSegmentDefinition } from "./validate-segment-definition.ts";
import { withTransaction } from "../db/transaction.ts";

export interface LockedSegmentRow {
  id: number;
  name: string;
  kind: "DYNAMIC" | "STATIC";
  definition: unknown;
  archived_at: Date | null;
  definition_version: number;
}

/** Takes the segment's advisory lock, then reads its row (scoped to the workspace) for update. */
export async function lockSegmentRow(client: pg.PoolClient, workspaceId: number, segmentId: number): Promise<LockedSegmentRow> {
  if (!isSegmentId(segmentId)) throw new AppError("NOT_FOUND", "Segment not found");
  await lockSegment(client, segmentId);
  const res = await client.query<LockedSegmentRow>(
    `SELECT id, name, kind, definition, archived_at, definition_version FROM segment WHERE id = $1::int4 AND workspace_id = $2::int4 FOR UPDATE`,
    [segmentId, workspaceId],
  );
  const row = res.rows[0];
  if (!row) throw new AppError("NOT_FOUND", "Segment not found");
  return row;
}

/** Recomputes a segment's members from its stored definition and applies the difference. */
export async function recomputeMembership(client: pg.PoolClient, workspaceId: number, row: LockedSegmentRow, now?: Date): Promise<MembershipDiff> {
  const { compiled } = await validateSegmentDefinition(workspaceId, row.definition, {
    now,
    client,
    self: { id: row.id, name: row.name, kind: row.kind },
  });
  return applySegmentMembership(client, workspaceId, row.id, compiled);
}

export interface RefreshSegmentOptions {
  /** Evaluate relative windows as of this instant (default: the transaction's now()). */
  now?: Date;
}

/**
 * Refreshes a dynamic segment: the new member set is computed and the
 * difference applied in one transaction, under a per-segment advisory lock so
 * two refreshes never interleave. A failure part-way leaves the previous
 * membership intact; a second run with unchanged data records nothing new.
 */
export async function refreshSegment(workspaceId: number, segmentId: number, options: RefreshSegmentOptions = {}): Promise<MembershipDiff> {
  return withTransaction(async (client) => {
    const row = await lockSegmentRow(client, workspaceId, segmentId);
    if (row.archived_at) throw new AppError("CONFLICT", `Segment "${row.name}" is archived`);
    if (row.kind === "STATIC") throw new AppError("CONFLICT", `Segment "${row.name}" is static: its members were fixed when it was saved`);
    return recomputeMembership(client, workspaceId, row, options.now);
  });
}
