// GET /api/w/{workspace}/analytics/ltv/export?table=bands|deciles|value-curve|channels|cohorts-month|cohorts-quarter|segments|top-customers: one LTV & Churn table as CSV.
import { exportLtvCsv, parseLtvTable } from "@/lib/analytics/dashboard/export-dashboard-csv";
import { csvDownload } from "@/lib/next/csv-download";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const GET = withWorkspace("analytics.read", async (req, access) => {
  const table = parseLtvTable(req.nextUrl.searchParams);
  return csvDownload(req, exportLtvCsv(access.workspace, table, req.signal), `ltv-${table}-${new Date().toISOString().slice(0, 10)}.csv`);
});
