import type pg from "pg";
import type { EventInput } from "../event.schema.ts";
import { fillStagingTable, type CopyValue } from "./copy-rows.ts";
import { ensureCustomers } from "./ensure-customers.ts";
import { timestampColumns } from "./timestamp-columns.ts";
import type { WorkspaceContext } from "./workspace-context.ts";
import { collectOutcomes, type WriteResult } from "./write-result.ts";

const STAGE_COLUMNS = ["seq", "external_id", "customer_external_id", "type", "occurred_instant", "occurred_local", "properties"] as const;

const STAGE = {
  table: "ingest_event_stage",
  columnsDdl: `seq int NOT NULL, external_id text, customer_external_id text NOT NULL, type text NOT NULL,
    occurred_instant timestamptz, occurred_local timestamp, properties jsonb`,
  columns: STAGE_COLUMNS,
};

function* stageRows(rows: readonly EventInput[]): Generator<CopyValue[]> {
  for (let seq = 0; seq < rows.length; seq++) {
    const r = rows[seq]!;
    const [instant, local] = timestampColumns(r.occurred_at);
    yield [seq, r.external_id ?? null, r.customer_external_id, r.type, instant, local, r.properties === undefined ? null : JSON.stringify(r.properties)];
  }
}

// Events with an external id are upserted (the last of repeats in one batch
// wins); events without one are always added. A re-send without occurred_at
// or properties keeps the stored ones, so re-sending is idempotent.
const UPSERT_SQL = `
WITH src AS (
  (SELECT DISTINCT ON (external_id) * FROM ingest_event_stage WHERE external_id IS NOT NULL ORDER BY external_id, seq DESC)
  UNION ALL
  (SELECT * FROM ingest_event_stage WHERE external_id IS NULL)
), merged AS (
  SELECT s.seq, s.external_id, c.id AS customer_id, s.type,
    COALESCE(s.occurred_instant, s.occurred_local AT TIME ZONE $2::text, e.occurred_at, now()) AS occurred_at,
    COALESCE(s.properties, e.properties, '{}'::jsonb) AS properties
  FROM src s
  JOIN customer c ON c.workspace_id = $1 AND c.external_id = s.customer_external_id
  LEFT JOIN event e ON e.workspace_id = $1 AND e.external_id = s.external_id
)
INSERT INTO event AS ev (workspace_id, customer_id, external_id, type, occurred_at, properties)
SELECT $1, m.customer_id, m.external_id, m.type, m.occurred_at, m.properties
FROM merged m
ORDER BY m.external_id, m.seq
ON CONFLICT (workspace_id, external_id) DO UPDATE SET
  customer_id = EXCLUDED.customer_id, type = EXCLUDED.type, occurred_at = EXCLUDED.occurred_at, properties = EXCLUDED.properties
WHERE (ev.customer_id, ev.type, ev.occurred_at, ev.properties)
  IS DISTINCT FROM (EXCLUDED.customer_id, EXCLUDED.type, EXCLUDED.occurred_at, EXCLUDED.properties)
RETURNING ev.external_id, (ev.xmax = 0) AS inserted`;

/**
 * Writes validated events: COPY to staging, create unknown customers, one
 * INSERT ... ON CONFLICT. Outcomes are keyed by external_id; events without
 * one are always "created" (counted in `inserted`). Run inside withTransaction.
 */
export async function writeEvents(client: pg.PoolClient, ctx: WorkspaceContext, rows: readonly EventInput[]): Promise<WriteResult> {
  if (rows.length === 0) return collectOutcomes([], [], 0);
  await fillStagingTable(client, STAGE, stageRows(rows), rows.length);
  const createdCustomers = await ensureCustomers(client, ctx.workspaceId, "ingest_event_stage");
  const res = await client.query<{ external_id: string | null; inserted: boolean }>(UPSERT_SQL, [ctx.workspaceId, ctx.timezone]);
  const keyed = res.rows.filter((r): r is { external_id: string; inserted: boolean } => r.external_id !== null);
  const anonymous = res.rows.length - keyed.length;
  const result = collectOutcomes(
    rows.flatMap((r) => (r.external_id ? [r.external_id] : [])),
    keyed,
    rows.length - anonymous,
    createdCustomers,
  );
  return { ...result, inserted: result.inserted + anonymous };
}
