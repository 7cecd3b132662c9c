// GET /api/v1/analytics/cohorts?period=&metric=&breakdown=&value=&segment=&cohorts=: the acquisition-cohort matrix as JSON.
import { NextResponse } from "next/server";
import { parseCohortQuery } from "@/lib/analytics/cohorts/cohort-query.schema";
import { cohortApiResponse } from "@/lib/analytics/cohorts/cohort-api-response";
import { readCohortMatrix } from "@/lib/analytics/cohorts/read-cohorts";
import { withApiKey } from "@/lib/next/api-key-route";

export const GET = withApiKey("read", async (req, principal) => {
  const query = parseCohortQuery(new URL(req.url).searchParams);
  const matrix = await readCohortMatrix(principal.workspaceId, query, { signal: req.signal });
  return NextResponse.json({ data: cohortApiResponse(matrix) });
});
