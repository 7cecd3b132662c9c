// GET /api/w/{workspace}/analytics/overview/export?table=summary|trend|value-mix-segments|value-mix-bands&period=&from=&to=: one overview table as CSV.
import { exportOverviewCsv, parseOverviewTable } from "@/lib/analytics/dashboard/export-dashboard-csv";
import { csvDownload } from "@/lib/next/csv-download";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const GET = withWorkspace("workspace.read", async (req, access) => {
  const params = req.nextUrl.searchParams;
  const table = parseOverviewTable(params);
  return csvDownload(req, exportOverviewCsv(access.workspace, table, params, req.signal), `overview-${table}-${new Date().toISOString().slice(0, 10)}.csv`);
});
