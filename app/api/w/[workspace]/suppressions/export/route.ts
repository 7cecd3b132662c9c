// GET /api/w/{workspace}/suppressions/export[?channel=email]: the suppression list as a CSV download, streamed in batches (fine at millions of rows).
import { exportSuppressionsCsv } from "@/lib/campaigns/suppressions/export-suppressions";
import { suppressionChannelSchema } from "@/lib/campaigns/suppressions/suppression.schema";
import { csvDownload } from "@/lib/next/csv-download";
import { withWorkspace } from "@/lib/next/route-wrappers";

export const GET = withWorkspace("campaigns.read", async (req, access) => {
  const raw = req.nextUrl.searchParams.get("channel");
  // No channel (or an empty one) exports every channel; anything else must name one.
  const channel = raw ? suppressionChannelSchema.parse(raw) : null;
  const fileName = `suppressions-${channel ?? "all"}-${new Date().toISOString().slice(0, 10)}.csv`;
  return csvDownload(req, exportSuppressionsCsv(access.workspace.id, channel), fileName);
});
