import { buildRecommendations } from "../../lib/recommendations/build-recommendations.ts";
import type { Processor } from "./registry.ts";

/** recommendations.build: rebuild one workspace's co-purchase model from its order lines. */
export const recommendationsBuild: Processor<"recommendations.build"> = async ({ workspaceId }) =>
  (await buildRecommendations(workspaceId)) ?? { skipped: "workspace deleted" };
