import type pg from "pg";

/**
 * Which of these product external ids the workspace has. The rows found are
 * key-share locked until the transaction ends, so a product checked here
 * cannot be deleted before the lines naming it are written.
 */
export async function knownProducts(client: pg.PoolClient, workspaceId: number, externalIds: readonly string[]): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const res = await client.query<{ external_id: string }>(
    `SELECT p.external_id FROM product p
     WHERE p.workspace_id = $1 AND p.external_id = ANY($2::text[])
     ORDER BY p.id FOR KEY SHARE`,
    [workspaceId, [...new Set(externalIds)]],
  );
  return new Set(res.rows.map((r) => r.external_id));
}
