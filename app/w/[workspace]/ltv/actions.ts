"use server";

import { createLtvSliceSegment, ltvSliceSegmentSchema } from "@/lib/analytics/dashboard/ltv-slice-segment";
import { workspaceAction } from "@/lib/next/workspace-action";

// A static segment of one slice of the LTV page (a decile, a churn band, a channel, a cohort...); the page then opens it.
export const createLtvSegmentAction = workspaceAction("segments.write", ltvSliceSegmentSchema, async (input, access) => {
  const result = await createLtvSliceSegment(access.workspace.id, access.userId, input);
  return { segmentId: result.segment.id, size: result.segment.size };
});
