import { z } from "zod";
import { audit } from "../../audit.ts";
import { withTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import { createSegment, type CreateSegmentResult } from "../../segments/create-segment.ts";
import { CLUSTER_K_BOUNDS } from "./cluster-settings.ts";

const clusterNumber = z.number().int().min(0, "cluster must be 0 or more").max(99, "cluster must be at most 99");

export const renameClusterSchema = z.strictObject({
  runId: z.number().int().min(1).max(2_147_483_647),
  cluster: clusterNumber,
  /** Empty restores the automatic name. */
  name: z.string().trim().max(80, "Names are limited to 80 characters"),
});
export type RenameClusterInput = z.infer<typeof renameClusterSchema>;

/**
 * Names a cluster of the latest run. The run id guards against renaming a
 * cluster that a newer run has since regrouped: a stale page gets a conflict,
 * not a name on the wrong group.
 */
export async function renameCluster(workspaceId: number, actorUserId: string, input: RenameClusterInput): Promise<{ name: string }> {
  const parsed = renameClusterSchema.parse(input);
  return withTransaction(async (client) => {
    const res = await client.query<{ auto_name: string; name: string | null }>(
      `UPDATE value_cluster SET name = NULLIF($4, ''), renamed_by = CASE WHEN $4 = '' THEN NULL ELSE $5 END,
              renamed_at = CASE WHEN $4 = '' THEN NULL ELSE now() END
        WHERE workspace_id = $1 AND run_id = $2 AND cluster = $3
        RETURNING auto_name, name`,
      [workspaceId, parsed.runId, parsed.cluster, parsed.name, actorUserId],
    );
    const row = res.rows[0];
    if (!row) throw new AppError("CONFLICT", "These clusters were replaced by a newer run; reload the page to see the current ones.");
    await audit(client, {
      workspaceId,
      actorUserId,
      action: "cluster.rename",
      targetType: "value_cluster",
      targetId: `${parsed.runId}:${parsed.cluster}`,
      metadata: { name: row.name, autoName: row.auto_name },
    });
    return { name: row.name ?? row.auto_name };
  });
}

export const clusterSegmentSchema = z.strictObject({
  runId: z.number().int().min(1).max(2_147_483_647),
  cluster: clusterNumber,
  name: z.string().trim().min(1, "A name is required").max(120, "Names are limited to 120 characters"),
});
export type ClusterSegmentInput = z.infer<typeof clusterSegmentSchema>;

/**
 * A static segment of one cluster's customers, frozen now: a later run may
 * regroup customers and renumber clusters, and a campaign aimed at "discount
 * seekers" should keep the people it was aimed at. Its rule says which
 * cluster it came from, so it can be explained and re-created.
 */
export async function createClusterSegment(workspaceId: number, actorUserId: string | null, input: ClusterSegmentInput): Promise<CreateSegmentResult> {
  const parsed = clusterSegmentSchema.parse(input);
  const latest = await withTransaction(async (client) => {
    const res = await client.query<{ name: string }>(
      `SELECT COALESCE(name, auto_name) AS name FROM value_cluster WHERE workspace_id = $1 AND run_id = $2 AND cluster = $3`,
      [workspaceId, parsed.runId, parsed.cluster],
    );
    return res.rows[0] ?? null;
  });
  if (!latest) throw new AppError("CONFLICT", "These clusters were replaced by a newer run; reload the page to see the current ones.");
  return createSegment(workspaceId, actorUserId, {
    name: parsed.name,
    description: `Value cluster “${latest.name}” (cluster ${parsed.cluster + 1} of clusters run ${parsed.runId})`,
    kind: "STATIC",
    definition: { version: 1, root: { id: "root", type: "group", combinator: "and", children: [{ id: "cluster", type: "cluster", clusters: [parsed.cluster] }] } },
  });
}

export const rerunClustersSchema = z.strictObject({
  k: z.union([z.literal("auto"), z.number().int().min(CLUSTER_K_BOUNDS.min).max(CLUSTER_K_BOUNDS.max)]),
});
