import { applyGlobalControlChange } from "../../lib/campaigns/experiments/global-control-change.ts";
import type { Processor } from "./registry.ts";

/** global-control.change: apply one requested change of the global control percentage. */
export const globalControlChange: Processor<"global-control.change"> = async ({ workspaceId, changeId }, ctx) => {
  await ctx.reportProgress(10);
  const outcome = await applyGlobalControlChange(workspaceId, changeId);
  await ctx.reportProgress(100);
  return outcome;
};
