import { refreshProgramme } from "../../lib/campaigns/programme/refresh-programme.ts";
import type { Processor } from "./registry.ts";

/** programme.refresh: rewrite one workspace's programme sums (idempotent). */
export const programmeRefresh: Processor<"programme.refresh"> = async ({ workspaceId }, ctx) => {
  const outcome = await refreshProgramme(workspaceId);
  await ctx.reportProgress(100);
  return outcome;
};
