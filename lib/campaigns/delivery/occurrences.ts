import type pg from "pg";

export function occurrenceJobId(occurrenceId: string): string {
  return `campaign-occurrence-${occurrenceId}`;
}

/** Adds an occurrence, or finds the one with this key (a launch or a trigger sweep that runs twice makes one). */
export async function insertOccurrence(client: pg.PoolClient, workspaceId: number, campaignId: number, key: string, dueAt: Date, trigger?: { from: string; to: string }): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO campaign_occurrence (workspace_id, campaign_id, key, due_at, trigger_from, trigger_to) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (workspace_id, campaign_id, key) DO UPDATE SET key = EXCLUDED.key RETURNING id::text`,
    [workspaceId, campaignId, key, dueAt, trigger?.from ?? null, trigger?.to ?? null],
  );
  return rows[0]!.id;
}

