import type pg from "pg";

/** What an audit row's metadata may hold: it is stored as jsonb. */
export type AuditMetadata = string | number | boolean | null | AuditMetadata[] | { [key: string]: AuditMetadata | undefined };

export interface AuditEntry {
  workspaceId: number;
  action: string;
  actorUserId?: string | null;
  actorApiKey?: number | null;
  targetType?: string;
  targetId?: string;
  metadata?: AuditMetadata;
}

/**
 * Records who changed what, through the client of the transaction that makes
 * the change (`withTransaction`): the row commits or rolls back with it, so the
 * log never shows a change that did not happen nor misses one that did. The
 * parameter is a checked-out client, not the pool, so a caller cannot write
 * the row on a connection of its own by accident.
 */
export async function audit(client: pg.PoolClient, entry: AuditEntry): Promise<void> {
  await client.query(
    `INSERT INTO audit_log (workspace_id, action, actor_user_id, actor_api_key_id, target_type, target_id, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [
      entry.workspaceId,
      entry.action,
      entry.actorUserId ?? null,
      entry.actorApiKey ?? null,
      entry.targetType ?? null,
      entry.targetId ?? null,
      JSON.stringify(entry.metadata ?? {}),
    ],
  );
}
