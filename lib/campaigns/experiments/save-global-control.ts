import { z } from "zod";
import { audit } from "../../audit.ts";
import { requirePermission } from "../../auth/require-permission.ts";
import { withTransaction } from "../../db/transaction.ts";
import { loadGlobalControl } from "./global-control.ts";
import { lockGlobalControl, reconcileGlobalControl, type MembershipMoves } from "./reconcile-global-control.ts";

export const globalControlInputSchema = z.strictObject({
  percent: z.coerce
    .number({ error: "Give the global control group as a whole percent from 0 to 50." })
    .int("Give the global control group as a whole percent from 0 to 50.")
    .min(0, "Give the global control group as a whole percent from 0 to 50.")
    .max(50, "Give the global control group as a whole percent from 0 to 50."),
});

export type GlobalControlInput = z.output<typeof globalControlInputSchema>;

export interface SavedGlobalControl extends MembershipMoves {
  percent: number;
  changed: boolean;
}

/**
 * Sets the workspace's global control percentage (admins only) and moves
 * exactly the customers the change requires: raising it adds the buckets
 * between the old and new value (their rows open now), lowering it closes
 * the rows of the buckets above the new value. One transaction with its
 * audit entry; a save that changes nothing writes nothing.
 */
export async function saveGlobalControl(workspaceId: number, actorUserId: string, raw: unknown): Promise<SavedGlobalControl> {
  const input = globalControlInputSchema.parse(raw);
  return withTransaction(async (client) => {
    await requirePermission(workspaceId, actorUserId, "settings.manage", "Only admins can change the global control group.", client);
    await lockGlobalControl(client, workspaceId);
    const before = await loadGlobalControl(client, workspaceId);
    if (before.percent === input.percent) return { percent: before.percent, changed: false, joined: 0, left: 0 };
    // Bring the history up to date under the old percentage first, so the moves below are the change's alone.
    await reconcileGlobalControl(client, workspaceId);
    await client.query(
      `INSERT INTO experiment_settings (workspace_id, global_control_percent, percent_since, updated_by, updated_at) VALUES ($1, $2, now(), $3, now())
       ON CONFLICT (workspace_id) DO UPDATE SET global_control_percent = EXCLUDED.global_control_percent, percent_since = now(), updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [workspaceId, input.percent, actorUserId],
    );
    const moves = await reconcileGlobalControl(client, workspaceId);
    await audit(client, {
      workspaceId,
      actorUserId,
      action: "settings.experiments.update",
      targetType: "experiment_settings",
      targetId: String(workspaceId),
      metadata: { changes: { globalControlPercent: { before: before.percent, after: input.percent } }, joined: moves.joined, left: moves.left },
    });
    return { percent: input.percent, changed: true, ...moves };
  });
}
