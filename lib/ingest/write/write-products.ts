import type pg from "pg";
import type { ProductInput } from "../product.schema.ts";
import { fillStagingTable, type CopyValue } from "./copy-rows.ts";
import { splitAttributes } from "./json-attributes.ts";
import type { WorkspaceContext } from "./workspace-context.ts";
import { collectOutcomes, type WriteResult } from "./write-result.ts";

// Bit per optional field present in the input (even as null): absent keeps, null clears.
const PRESENT = { category_path: 1, brand: 2, price: 4, launch_date: 8, attributes: 16 } as const satisfies Partial<Record<keyof ProductInput, number>>;

function presentMask(row: ProductInput): number {
  let mask = 0;
  for (const [key, bit] of Object.entries(PRESENT)) {
    if (row[key as keyof typeof PRESENT] !== undefined) mask |= bit;
  }
  return mask;
}

const STAGE = {
  table: "ingest_product_stage",
  columnsDdl: `seq int NOT NULL, external_id text NOT NULL, present int NOT NULL, name text NOT NULL,
    category text, brand text, price numeric, launch_date date, attributes jsonb, attributes_removed text[]`,
  columns: ["seq", "external_id", "present", "name", "category", "brand", "price", "launch_date", "attributes", "attributes_removed"] as const,
};

function* stageRows(rows: readonly ProductInput[]): Generator<CopyValue[]> {
  for (let seq = 0; seq < rows.length; seq++) {
    const r = rows[seq]!;
    const [attributes, removed] = splitAttributes(r.attributes);
    yield [seq, r.external_id, presentMask(r), r.name, r.category_path, r.brand, r.price, r.launch_date, attributes, removed];
  }
}

// The bit numbers are PRESENT's. Later rows for one external id win; values
// are merged with the stored row in SELECT so ON CONFLICT takes EXCLUDED
// whole, and identical rows are not rewritten (counted unchanged). A changed
// category moves the product's purchases between category timelines: the
// product trigger does that in this statement.
const UPSERT_SQL = `
WITH src AS (
  SELECT DISTINCT ON (external_id) * FROM ingest_product_stage ORDER BY external_id, seq DESC
), merged AS (
  SELECT s.external_id, s.name,
    CASE WHEN (s.present & 1) <> 0 THEN s.category ELSE e.category END AS category,
    CASE WHEN (s.present & 2) <> 0 THEN s.brand ELSE e.brand END AS brand,
    CASE WHEN (s.present & 4) <> 0 THEN round(s.price, 2) ELSE e.price END AS price,
    CASE WHEN (s.present & 8) <> 0 THEN s.launch_date ELSE e.launch_date END AS launch_date,
    CASE WHEN (s.present & 16) <> 0 AND s.attributes IS NOT NULL
      THEN (COALESCE(e.attributes, '{}'::jsonb) || s.attributes) - COALESCE(s.attributes_removed, '{}'::text[])
      ELSE COALESCE(e.attributes, '{}'::jsonb) END AS attributes
  FROM src s
  LEFT JOIN product e ON e.workspace_id = $1 AND e.external_id = s.external_id
)
INSERT INTO product AS p (workspace_id, external_id, name, category, brand, price, launch_date, attributes, updated_at)
SELECT $1, m.external_id, m.name, m.category, m.brand, m.price, m.launch_date, m.attributes, now()
FROM merged m
ORDER BY m.external_id
ON CONFLICT (workspace_id, external_id) DO UPDATE SET
  name = EXCLUDED.name, category = EXCLUDED.category, brand = EXCLUDED.brand, price = EXCLUDED.price,
  launch_date = EXCLUDED.launch_date, attributes = EXCLUDED.attributes, updated_at = now()
WHERE (p.name, p.category, p.brand, p.price, p.launch_date, p.attributes)
  IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.category, EXCLUDED.brand, EXCLUDED.price, EXCLUDED.launch_date, EXCLUDED.attributes)
RETURNING p.external_id, (p.xmax = 0) AS inserted`;

/**
 * Upserts validated products by (workspace, external_id): COPY into staging,
 * then one INSERT ... SELECT ... ON CONFLICT. Run inside withTransaction.
 */
export async function writeProducts(client: pg.PoolClient, ctx: WorkspaceContext, rows: readonly ProductInput[]): Promise<WriteResult> {
  if (rows.length === 0) return collectOutcomes([], [], 0);
  await fillStagingTable(client, STAGE, stageRows(rows), rows.length);
  const res = await client.query<{ external_id: string; inserted: boolean }>(UPSERT_SQL, [ctx.workspaceId]);
  return collectOutcomes(
    rows.map((r) => r.external_id),
    res.rows,
    rows.length,
  );
}
