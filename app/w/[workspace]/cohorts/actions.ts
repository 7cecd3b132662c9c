"use server";

import { cohortCellSegmentSchema, createCohortCellSegment } from "@/lib/analytics/cohorts/cohort-cell-segment";
import { workspaceAction } from "@/lib/next/workspace-action";

// A static segment of one cohort cell's customers; the page then opens it.
export const createCohortSegmentAction = workspaceAction("segments.write", cohortCellSegmentSchema, async (input, access) => {
  const result = await createCohortCellSegment(access.workspace.id, access.userId, input);
  return { segmentId: result.segment.id, size: result.segment.size };
});
