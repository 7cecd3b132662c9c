import type pg from "pg";
import { pool } from "../db/pool.ts";
import type { Role } from "../db/generated/enums.ts";
import { AppError } from "../errors.ts";
import { can, type Action } from "./permissions.ts";

/**
 * The role check a domain function makes for itself, on top of the one at
 * the door: these functions are also what a script, a worker or a future API
 * route calls. A non-member gets NOT_FOUND, as everywhere; a member whose
 * role lacks the action gets FORBIDDEN with `refusal`. Given a transaction's
 * client, the check reads the membership in that transaction.
 */
export async function requirePermission(
  workspaceId: number,
  userId: string,
  action: Action,
  refusal: string,
  client: Pick<pg.PoolClient, "query"> = pool,
): Promise<Role> {
  const membership = await client.query<{ role: Role }>(`SELECT role FROM membership WHERE workspace_id = $1::int4 AND user_id = $2::text`, [workspaceId, userId]);
  const role = membership.rows[0]?.role;
  if (!role) throw new AppError("NOT_FOUND", "Workspace not found");
  if (!can(role, action)) throw new AppError("FORBIDDEN", refusal);
  return role;
}
