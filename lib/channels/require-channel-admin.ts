import type pg from "pg";
import { can } from "../auth/permissions.ts";
import { pool } from "../db/pool.ts";
import type { Role } from "../db/generated/enums.ts";
import { AppError } from "../errors.ts";

/**
 * Channel settings and test sends are for the workspace's admins. Checked
 * here as well as at the door, because these functions are what a future
 * API route or script would call; a non-member gets NOT_FOUND, as everywhere.
 */
export async function requireChannelAdmin(workspaceId: number, userId: string, refusal: string, client: Pick<pg.PoolClient, "query"> = pool): Promise<void> {
  const membership = await client.query<{ role: Role }>(`SELECT role FROM membership WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId]);
  const role = membership.rows[0]?.role;
  if (!role) throw new AppError("NOT_FOUND", "Workspace not found");
  if (!can(role, "settings.manage")) throw new AppError("FORBIDDEN", refusal);
}
