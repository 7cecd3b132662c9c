import { pool } from "../db/pool.ts";
import { enqueue } from "../queue/enqueue.ts";
import { readCampaign } from "./campaign-record.ts";
import { previewLaunch, type LaunchPreview } from "./launch-campaign.ts";
import { withTransaction } from "../db/transaction.ts";

/** What the launch panel shows while a worker counts, and after. */
export type LaunchPreviewState =
  | { status: "counting"; requestedAt: string }
  | { status: "done"; preview: LaunchPreview; countedAt: string }
  | { status: "failed"; error: string };

/** A count that has not finished by then is taken to be lost (a worker died) and is asked for again. */
const LOST_AFTER_MS = 5 * 60_000;

interface Row {
  campaign_version: number;
  status: "counting" | "done" | "failed";
  result: LaunchPreview | null;
  error: string | null;
  requested_at: Date;
  finished_at: Date | null;
}

function stateOf(row: Row): LaunchPreviewState {
  if (row.status === "done" && row.result) return { status: "done", preview: row.result, countedAt: (row.finished_at ?? row.requested_at).toISOString() };
  if (row.status === "failed") return { status: "failed", error: row.error ?? "The count failed." };
  return { status: "counting", requestedAt: row.requested_at.toISOString() };
}

/**
 * The launch preview of the campaign as it is now. Counting the whole
 * audience under the contact policy takes seconds to tens of seconds at a
 * million customers, so a worker does it (`campaign.preview`) and the page
 * asks again until it is done. `restart` (the marketer opened the panel)
 * counts afresh unless a count is already running for this version; a poll
 * only reads, and asks for a count if none is there for this version or one
 * was lost.
 */
export async function requestLaunchPreview(workspaceId: number, campaignId: number, { restart }: { restart: boolean }): Promise<LaunchPreviewState> {
  const started = await withTransaction(async (client) => {
    // Locks the campaign row: two requests at once start one count.
    const campaign = await readCampaign(client, workspaceId, campaignId, true);
    const { rows } = await client.query<Row>(
      `SELECT campaign_version, status, result, error, requested_at, finished_at FROM launch_preview WHERE campaign_id = $1 AND workspace_id = $2`,
      [campaignId, workspaceId],
    );
    const row = rows[0];
    const current = row?.campaign_version === campaign.version ? row : undefined;
    const running = current?.status === "counting" && Date.now() - current.requested_at.getTime() < LOST_AFTER_MS;
    if (current && (running || (!restart && current.status !== "counting"))) return { state: stateOf(current), enqueue: false };
    const { rows: fresh } = await client.query<Row>(
      `INSERT INTO launch_preview (campaign_id, workspace_id, campaign_version, status, requested_at)
       VALUES ($1, $2, $3, 'counting', now())
       ON CONFLICT (campaign_id) DO UPDATE SET campaign_version = EXCLUDED.campaign_version, status = 'counting', result = NULL, error = NULL,
                                               requested_at = EXCLUDED.requested_at, finished_at = NULL
       RETURNING campaign_version, status, result, error, requested_at, finished_at`,
      [campaignId, workspaceId, campaign.version],
    );
    return { state: stateOf(fresh[0]!), enqueue: true, version: campaign.version, requestedAt: fresh[0]!.requested_at };
  });
  if (started.enqueue) {
    await enqueue(
      "campaign.preview",
      { workspaceId, campaignId, version: started.version! },
      { jobId: `preview-${campaignId}-${started.version}-${started.requestedAt!.getTime()}`, removeOnComplete: true, removeOnFail: 100 },
    );
  }
  return started.state;
}

/**
 * The worker's half: counts and writes the result, unless the campaign was
 * edited since (a newer version's count replaces this one) or the count was
 * asked for again meanwhile.
 */
export async function countLaunchPreview(workspaceId: number, campaignId: number, version: number): Promise<"done" | "failed" | "stale"> {
  let result: LaunchPreview | null = null;
  let error: string | null = null;
  try {
    result = await previewLaunch(workspaceId, campaignId);
  } catch (err) {
    error = (err as Error).message.slice(0, 500);
  }
  const failed = result === null;
  const { rowCount } = await pool.query(
    `UPDATE launch_preview SET status = $4, result = $5::jsonb, error = $6, finished_at = now()
      WHERE campaign_id = $1 AND workspace_id = $2 AND campaign_version = $3 AND status = 'counting'`,
    [campaignId, workspaceId, version, failed ? "failed" : "done", failed ? null : JSON.stringify(result), error],
  );
  if ((rowCount ?? 0) === 0) return "stale";
  return failed ? "failed" : "done";
}
