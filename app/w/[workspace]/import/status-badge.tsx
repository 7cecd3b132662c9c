import type { ImportSummary } from "@/lib/ingest/imports/get-import";
import { Badge } from "@/components/ui/badge";

export function ImportStatusBadge({ summary }: { summary: Pick<ImportSummary, "status" | "draft" | "error"> }) {
  if (summary.draft) return <Badge tone="neutral">Awaiting mapping</Badge>;
  if (summary.status === "SUCCEEDED") return <Badge tone="green">Done</Badge>;
  if (summary.status === "FAILED") return <Badge tone="red">Failed</Badge>;
  if (summary.status === "RUNNING") return <Badge tone="blue">Importing</Badge>;
  return <Badge tone="amber">{summary.error ? "Retrying" : "Queued"}</Badge>;
}
