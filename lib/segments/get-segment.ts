import { db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { SegmentDefinition } from "./definition.schema.ts";
import { parseSegmentDefinition } from "./parse-definition.ts";
import { isSegmentId } from "./segment-input.schema.ts";
import type { SegmentSummary } from "./segment-record.ts";

export interface SegmentDetail extends SegmentSummary {
  definition: SegmentDefinition;
}

/** One segment of the workspace with its parsed definition (for the builder). */
export async function getSegment(workspaceId: number, segmentId: number): Promise<SegmentDetail> {
  if (!isSegmentId(segmentId)) throw new AppError("NOT_FOUND", "Segment not found");
  const segment = await db.segment.findFirst({
    where: { id: segmentId, workspaceId },
    select: {
      id: true,
      workspaceId: true,
      name: true,
      description: true,
      kind: true,
      definition: true,
      definitionVersion: true,
      size: true,
      lastRefreshedAt: true,
      ownerId: true,
      createdAt: true,
      updatedAt: true,
      archivedAt: true,
    },
  });
  if (!segment) throw new AppError("NOT_FOUND", "Segment not found");
  return { ...segment, definition: parseSegmentDefinition(segment.definition) };
}
