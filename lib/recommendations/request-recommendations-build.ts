import { enqueue } from "../queue/enqueue.ts";

/**
 * After an import (or an analytics run) the model is rebuilt once the burst
 * settles: every request within a 5-second window shares one delayed job that
 * starts when the window closes. API writes trickle in all day; rebuilding
 * after each would keep the analytics queue busy, so they share an hourly
 * window (and the nightly schedule rebuilds in any case).
 */
const WINDOW_MS = { import: 5_000, api: 3_600_000 } as const;

export async function requestRecommendationsBuild(workspaceId: number, source: keyof typeof WINDOW_MS = "import", now = Date.now()): Promise<void> {
  const window = WINDOW_MS[source];
  const windowEnd = (Math.floor(now / window) + 1) * window;
  await enqueue(
    "recommendations.build",
    { workspaceId },
    { jobId: `recommendations-${workspaceId}-${windowEnd}`, delay: windowEnd - now, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86_400 } },
  );
}
