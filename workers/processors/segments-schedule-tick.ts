import { runSegmentsScheduleTick } from "../../lib/segments/schedule-tick.ts";
import type { Processor } from "./registry.ts";

/** segments.schedule-tick (every 10 minutes): queue a refresh for every dynamic segment that is due. */
export const segmentsScheduleTick: Processor<"segments.schedule-tick"> = async () => {
  const { jobIds } = await runSegmentsScheduleTick();
  return { queued: jobIds.length };
};
