"use server";

import { clusterSegmentSchema, createClusterSegment, renameCluster, renameClusterSchema, rerunClustersSchema } from "@/lib/analytics/clusters/cluster-actions";
import { requestClusters } from "@/lib/analytics/clusters/request-clusters";
import { workspaceAction } from "@/lib/next/workspace-action";

export const renameClusterAction = workspaceAction("clusters.rename", renameClusterSchema, async (input, access) => renameCluster(access.workspace.id, access.userId, input));

// A static segment of one cluster's customers; the page then opens it.
export const createClusterSegmentAction = workspaceAction("segments.write", clusterSegmentSchema, async (input, access) => {
  const result = await createClusterSegment(access.workspace.id, access.userId, input);
  return { segmentId: result.segment.id, size: result.segment.size };
});

export const rerunClustersAction = workspaceAction("analytics.run", rerunClustersSchema, async (input, access) => {
  const request = await requestClusters(access.workspace.id, "manual", { k: input.k, actorUserId: access.userId });
  return { runId: request.runId, alreadyPending: !request.created };
});
