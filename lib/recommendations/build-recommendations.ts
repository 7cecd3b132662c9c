import type pg from "pg";
import { withTransaction } from "../db/transaction.ts";
import { ANALYTICS_WORK_MEM } from "../analytics/runs/dedicated-client.ts";
import { keepCategoryOffers } from "./keep-category-offers.ts";
import { buildModelTables, type ModelSize } from "./model-tables.ts";
import { readRecommendationSettings, type RecommendationSettings } from "./recommendation-settings.schema.ts";

export interface RecommendationBuildResult extends ModelSize {
  durationMs: number;
}

/** Builds of one workspace take turns (two-key advisory lock: this key, workspace id). */
export const RECOMMENDATION_BUILD_LOCK = 720_412;

/**
 * Rebuilds a workspace's co-purchase model from its order lines and publishes
 * it in one transaction: readers see the previous model until it commits, and
 * a failure leaves it as it was. Null when the workspace no longer exists.
 */
export async function buildRecommendations(workspaceId: number, options: { asOf?: Date } = {}): Promise<RecommendationBuildResult | null> {
  const started = performance.now();
  return withTransaction(async (client) => {
    const settings = await lockAndReadSettings(client, workspaceId);
    if (!settings) return null;
    const asOf = options.asOf ?? new Date();
    const size = await buildModelTables(client, { workspaceId, asOf, settings });
    await publishModel(client, workspaceId);
    await keepCategoryOffers(client, workspaceId, { asOf, halfLifeDays: settings.halfLifeDays });
    const durationMs = Math.round(performance.now() - started);
    await client.query(
      `INSERT INTO recommendation_build (workspace_id, built_at, as_of, half_life_days, min_support, top_n, baskets, products,
                                         product_pairs, category_pairs, duration_ms)
       VALUES ($1::int4, now(), $2::timestamptz, $3::float8, $4::int4, $5::int4, $6::int8, $7::int4, $8::int4, $9::int4, $10::int4)
       ON CONFLICT (workspace_id) DO UPDATE SET built_at = EXCLUDED.built_at, as_of = EXCLUDED.as_of,
         half_life_days = EXCLUDED.half_life_days, min_support = EXCLUDED.min_support, top_n = EXCLUDED.top_n,
         baskets = EXCLUDED.baskets, products = EXCLUDED.products, product_pairs = EXCLUDED.product_pairs,
         category_pairs = EXCLUDED.category_pairs, duration_ms = EXCLUDED.duration_ms`,
      [workspaceId, asOf, settings.halfLifeDays, settings.minSupport, settings.topN, size.baskets, size.products, size.productPairs, size.categoryPairs, durationMs],
    );
    return { ...size, durationMs };
  });
}

/** Takes the workspace's build lock and reads its settings; null if the workspace is gone. */
export async function lockAndReadSettings(client: pg.PoolClient, workspaceId: number): Promise<RecommendationSettings | null> {
  await client.query("SELECT pg_advisory_xact_lock($1::int4, $2::int4)", [RECOMMENDATION_BUILD_LOCK, workspaceId]);
  const ws = await client.query<{ settings: unknown }>("SELECT settings FROM workspace WHERE id = $1::int4", [workspaceId]);
  if (ws.rows.length === 0) return null;
  await client.query("SELECT set_config('work_mem', $1, true)", [ANALYTICS_WORK_MEM]);
  return readRecommendationSettings(ws.rows[0]!.settings);
}

/** Replaces the workspace's published model by the temporary tables buildModelTables wrote. */
export async function publishModel(client: pg.PoolClient, workspaceId: number): Promise<void> {
  for (const table of ["product_neighbor", "product_stat", "category_neighbor", "category_stat"]) {
    await client.query(`DELETE FROM ${table} WHERE workspace_id = $1::int4`, [workspaceId]);
  }
  await client.query(
    `INSERT INTO product_stat (workspace_id, product_id, baskets, weighted_baskets, buyers, repeat_buyers, repurchase_rate, popularity)
     SELECT $1::int4, product_id, baskets, weighted_baskets, buyers, repeat_buyers, repurchase_rate, popularity FROM rb_product_stat`,
    [workspaceId],
  );
  await client.query(
    `INSERT INTO product_neighbor (workspace_id, product_id, rank, neighbor_id, co_baskets, weighted_co_baskets, confidence, lift, jaccard)
     SELECT $1::int4, item, rank, neighbor, co_baskets, weighted_co_baskets, confidence, lift, jaccard FROM rb_product_neighbor`,
    [workspaceId],
  );
  await client.query(
    `INSERT INTO category_stat (workspace_id, category, baskets, weighted_baskets, buyers, popularity)
     SELECT $1::int4, category, baskets, weighted_baskets, buyers, popularity FROM rb_category_stat`,
    [workspaceId],
  );
  await client.query(
    `INSERT INTO category_neighbor (workspace_id, category, rank, neighbor_category, co_baskets, weighted_co_baskets, confidence, lift, jaccard)
     SELECT $1::int4, item, rank, neighbor, co_baskets, weighted_co_baskets, confidence, lift, jaccard FROM rb_category_neighbor`,
    [workspaceId],
  );
  // Fresh statistics in the same transaction: a table just filled from nothing would otherwise be planned as a few
  // rows, and the lookup would read every neighbour of the workspace instead of those of the customer's products.
  await client.query("ANALYZE product_neighbor, product_stat, category_neighbor, category_stat");
}
