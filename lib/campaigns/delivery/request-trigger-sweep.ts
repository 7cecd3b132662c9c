import { enqueue } from "../../queue/enqueue.ts";

/** Requests landing within the same quarter second share one sweep. */
const BUCKET_MS = 250;

/**
 * Asks a worker to look at the workspace's new segment transitions and events
 * for triggered campaigns now, so a customer who just did something hears
 * within a second or two rather than at the next campaigns tick. Best
 * effort: the data is already stored, and the tick finds it within seconds
 * even when this request cannot reach Redis.
 */
export async function requestTriggerSweep(workspaceId: number): Promise<void> {
  await enqueue("campaigns.triggers", { workspaceId }, { jobId: `triggers-${workspaceId}-${Math.floor(Date.now() / BUCKET_MS)}`, removeOnComplete: true, removeOnFail: true }).catch(() => undefined);
}
