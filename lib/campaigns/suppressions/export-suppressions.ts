import type { ChannelKind } from "../../channels/channel.ts";
import { csvLine } from "../../segments/csv-line.ts";
import { readSuppressions } from "./list-suppressions.ts";

/** The export reads back in as an import: address, channel and note are the columns the import takes; the rest it leaves alone. */
export const SUPPRESSION_EXPORT_COLUMNS = ["channel", "address", "reason", "note", "created_at", "added_by"] as const;

const BATCH_ROWS = 5_000;

/**
 * The workspace's suppression list (one channel or all) as CSV lines, header
 * first, read in keyset batches along the list's index. No connection or
 * transaction is held between batches, so a slow or vanished reader costs
 * nothing; an entry added or removed while the export runs may or may not
 * appear, as in any list read page by page.
 */
export async function* exportSuppressionsCsv(workspaceId: number, channel: ChannelKind | null, options: { batchRows?: number } = {}): AsyncGenerator<string> {
  const batchRows = Math.min(Math.max(Math.trunc(options.batchRows ?? BATCH_ROWS), 1), 50_000);
  yield csvLine(SUPPRESSION_EXPORT_COLUMNS);
  let after: { channel: ChannelKind; address: string } | null = null;
  for (;;) {
    const rows = await readSuppressions({ workspaceId, channel, after }, batchRows);
    for (const r of rows) yield csvLine([r.channel, r.address, r.reason, r.note, r.createdAt.toISOString(), r.createdBy?.email ?? null]);
    const last = rows[rows.length - 1];
    if (!last || rows.length < batchRows) return;
    after = { channel: last.channel, address: last.address };
  }
}
