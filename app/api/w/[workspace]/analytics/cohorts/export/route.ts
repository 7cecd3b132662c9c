// GET /api/w/{workspace}/analytics/cohorts/export?period=&metric=&breakdown=&value=&segment=&cohorts=: the cohort matrix the page shows, as CSV.
import { exportCohortsCsv } from "@/lib/analytics/cohorts/export-cohorts-csv";
import { parseCohortQuery } from "@/lib/analytics/cohorts/cohort-query.schema";
import { csvDownload } from "@/lib/next/csv-download";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const GET = withWorkspace("analytics.read", async (req, access) => {
  const query = parseCohortQuery(req.nextUrl.searchParams);
  const fileName = `cohorts-${query.period}-${query.metric}-${new Date().toISOString().slice(0, 10)}.csv`;
  return csvDownload(req, exportCohortsCsv(access.workspace.id, query, req.signal), fileName);
});
