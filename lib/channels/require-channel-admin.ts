import type pg from "pg";
import { requirePermission } from "../auth/require-permission.ts";
import { pool } from "../db/pool.ts";

/** Channel settings and test sends are for the workspace's admins (lib/auth/require-permission.ts). */
export async function requireChannelAdmin(workspaceId: number, userId: string, refusal: string, client: Pick<pg.PoolClient, "query"> = pool): Promise<void> {
  await requirePermission(workspaceId, userId, "settings.manage", refusal, client);
}
