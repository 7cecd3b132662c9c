import { withTransaction } from "../db/transaction.ts";
import { lockAndReadSettings } from "./build-recommendations.ts";
import { buildModelTables } from "./model-tables.ts";
import { scoreRankings, type RankingScore } from "./ranking-metrics.ts";
import { productRecommendationsSql } from "./recommend-sql.ts";

export interface OfflineEvaluation {
  k: number;
  /** Customers scored: those with two or more baskets, or a sample of them. */
  customers: number;
  method: RankingScore;
  popularity: RankingScore;
  buildMs: number;
  scoreMs: number;
}

/**
 * Hides each customer's last basket, builds the model from the earlier
 * baskets only (the same build, into temporary tables; the published model
 * is untouched), recommends k products to each customer from their earlier
 * purchases, and scores hit@k and NDCG@k against what the hidden basket
 * held, beside a popularity baseline (the k most popular products of the
 * earlier baskets the customer does not own, by the same repeat rule).
 * `sample` bounds the customers scored (a fixed pseudo-random subset).
 */
export async function evaluateOffline(workspaceId: number, options: { asOf?: Date; k?: number; sample?: number } = {}): Promise<OfflineEvaluation | null> {
  const k = options.k ?? 5;
  const asOf = options.asOf ?? new Date();
  return withTransaction(async (client) => {
    const settings = await lockAndReadSettings(client, workspaceId);
    if (!settings) return null;
    const started = performance.now();
    await buildModelTables(client, { workspaceId, asOf, settings, holdOutLastOrder: true, categories: false });
    await client.query(
      `CREATE TEMP TABLE eval_neighbor ON COMMIT DROP AS
       SELECT $1::int4 AS workspace_id, item AS product_id, neighbor AS neighbor_id, confidence FROM rb_product_neighbor`,
      [workspaceId],
    );
    await client.query("CREATE INDEX ON eval_neighbor (workspace_id, product_id)");
    await client.query(
      `CREATE TEMP TABLE eval_stat ON COMMIT DROP AS
       SELECT $1::int4 AS workspace_id, product_id, repurchase_rate, popularity FROM rb_product_stat`,
      [workspaceId],
    );
    await client.query("CREATE INDEX ON eval_stat (workspace_id, product_id)");
    await client.query(
      `CREATE TEMP TABLE eval_customer ON COMMIT DROP AS
       SELECT customer_id FROM (SELECT DISTINCT customer_id FROM rb_heldout) h
        ORDER BY hashint8(customer_id), customer_id LIMIT $1::int8`,
      [options.sample ?? null],
    );
    // The sampled customers' earlier purchases, one row per basket and product: what they own when recommended to.
    await client.query(
      `CREATE TEMP TABLE eval_line ON COMMIT DROP AS
       SELECT b.customer_id, p.product_id, b.placed_at
         FROM rb_basket b JOIN eval_customer e ON e.customer_id = b.customer_id CROSS JOIN LATERAL unnest(b.products) AS p(product_id)`,
    );
    await client.query("CREATE INDEX ON eval_line (customer_id)");
    await client.query("ANALYZE eval_neighbor; ANALYZE eval_stat; ANALYZE eval_customer; ANALYZE eval_line");
    const buildMs = performance.now() - started;

    const scoring = performance.now();
    const recs = await client.query<{ customer_id: string; product_id: number }>(
      productRecommendationsSql(
        {
          customers: "SELECT customer_id FROM eval_customer",
          owned: `SELECT l.customer_id, l.product_id, max(l.placed_at) AS last_at
                    FROM eval_line l GROUP BY 1, 2`,
        },
        { neighbor: "eval_neighbor", stat: "eval_stat" },
      ),
      [workspaceId, asOf, settings.halfLifeDays, settings.repeatPurchaseRate, k],
    );
    const lists = new Map<string, string[]>();
    for (const r of recs.rows) lists.set(r.customer_id, [...(lists.get(r.customer_id) ?? []), String(r.product_id)]);

    // Grouped once each, not a subquery per customer: the temporary tables have no index on the customer.
    const truth = await client.query<{ customer_id: string; products: number[]; owned: number[] }>(
      `SELECT h.customer_id::text, h.products, coalesce(o.owned, '{}') AS owned
         FROM (SELECT x.customer_id, array_agg(DISTINCT x.product_id) AS products
                 FROM rb_heldout x JOIN eval_customer e ON e.customer_id = x.customer_id GROUP BY x.customer_id) h
         LEFT JOIN (SELECT l.customer_id, array_agg(DISTINCT l.product_id) AS owned
                      FROM eval_line l
                      JOIN eval_stat s ON s.product_id = l.product_id
                     WHERE s.repurchase_rate < $1::float8
                     GROUP BY l.customer_id) o ON o.customer_id = h.customer_id`,
      [settings.repeatPurchaseRate],
    );
    const popular = await client.query<{ product_id: number }>("SELECT product_id FROM eval_stat ORDER BY popularity DESC, product_id");
    const ranking = popular.rows.map((r) => String(r.product_id));

    const methodCases = [];
    const popularityCases = [];
    for (const t of truth.rows) {
      const relevant = new Set(t.products.map(String));
      const owned = new Set(t.owned.map(String));
      methodCases.push({ recommended: lists.get(t.customer_id) ?? [], relevant });
      const baseline: string[] = [];
      for (const p of ranking) {
        if (baseline.length === k) break;
        if (!owned.has(p)) baseline.push(p);
      }
      popularityCases.push({ recommended: baseline, relevant });
    }
    return {
      k,
      customers: truth.rows.length,
      method: scoreRankings(methodCases, k),
      popularity: scoreRankings(popularityCases, k),
      buildMs: Math.round(buildMs),
      scoreMs: Math.round(performance.now() - scoring),
    };
  });
}
