import type pg from "pg";
import { AppError } from "../../errors.ts";

export interface WorkspaceContext {
  workspaceId: number;
  /** Default currency for orders that do not name one. */
  currency: string;
  /** Wall-clock timestamps without an offset are read in this zone. */
  timezone: string;
}

export async function loadWorkspaceContext(client: pg.PoolClient, workspaceId: number): Promise<WorkspaceContext> {
  const res = await client.query<{ currency: string; timezone: string }>("SELECT currency, timezone FROM workspace WHERE id = $1", [workspaceId]);
  const row = res.rows[0];
  if (!row) throw new AppError("NOT_FOUND", "Workspace not found");
  return { workspaceId, currency: row.currency.trim(), timezone: row.timezone };
}
