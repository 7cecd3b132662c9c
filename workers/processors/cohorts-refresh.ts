import { refreshCohorts } from "../../lib/analytics/cohorts/refresh-cohorts.ts";
import type { Processor } from "./registry.ts";

/** cohorts.refresh: rewrite one workspace's cohort aggregates from its order timelines. */
export const cohortsRefresh: Processor<"cohorts.refresh"> = async ({ workspaceId }) => (await refreshCohorts(workspaceId)) ?? { skipped: "workspace deleted" };
