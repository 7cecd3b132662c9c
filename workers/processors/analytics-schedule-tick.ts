import { runAnalyticsScheduleTick } from "../../lib/analytics/recompute/schedule-tick.ts";
import type { Processor } from "./registry.ts";

/**
 * analytics.schedule-tick (every 15 minutes): requests the nightly recompute
 * of each workspace that is due. One broken workspace must not hold the
 * others back, so its failure is logged and returned in the job's result
 * instead of failing (and retrying) the whole tick.
 */
export const analyticsScheduleTick: Processor<"analytics.schedule-tick"> = async () => {
  const result = await runAnalyticsScheduleTick();
  for (const failure of result.failed) {
    console.error(`nightly recompute request failed for workspace ${failure.workspaceId}: ${failure.error}`);
  }
  return result;
};
