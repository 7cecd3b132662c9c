import type pg from "pg";
import type { RecommendationSettings } from "./recommendation-settings.schema.ts";

export interface ModelInput {
  workspaceId: number;
  /** Baskets placed after this are left out; decay is measured back from it. */
  asOf: Date;
  settings: RecommendationSettings;
  /**
   * Offline evaluation: each customer's last basket (of two or more) is moved
   * to rb_heldout and the model is built from the earlier baskets only.
   */
  holdOutLastOrder?: boolean;
}

export interface ModelSize {
  baskets: number;
  products: number;
  productPairs: number;
  categoryPairs: number;
}

/** A basket's weight: exp(-ln 2 · age in days / half-life), age measured back from the as-of time and never negative. */
export const DECAY_SQL = (placedAt: string, asOf: string, halfLife: string) =>
  `exp(-ln(2) * greatest(0, extract(epoch FROM (${asOf} - ${placedAt})) / 86400.0) / ${halfLife})`;

/**
 * Builds the co-purchase model of one workspace into temporary tables
 * (dropped at commit), set-based: one statement per table, no per-customer
 * or per-product loop. A basket is one counted order's distinct products;
 * W(x) below is the sum of the decayed weights of the baskets holding x.
 *
 *   rb_product_stat      baskets, W, buyers, repeat buyers, repurchase rate, popularity
 *   rb_product_neighbor  the top-N neighbours j of each product i (pairs with at
 *                        least minSupport baskets and lift > 1), ranked by
 *                        confidence W(i,j) / W(i), with lift and Jaccard
 *   rb_category_stat / rb_category_neighbor   the same over category paths
 */
export async function buildModelTables(client: pg.PoolClient, input: ModelInput): Promise<ModelSize> {
  const { workspaceId, asOf, settings } = input;
  const decay = DECAY_SQL("o.placed_at", "$2::timestamptz", "$3::float8");
  await client.query(
    `CREATE TEMP TABLE rb_line ON COMMIT DROP AS
     SELECT DISTINCT oi.order_id, o.customer_id, oi.product_id, o.placed_at, ${decay} AS w
       FROM customer_order o
       JOIN order_item oi ON oi.order_id = o.id AND oi.workspace_id = $1::int4
      WHERE o.workspace_id = $1::int4 AND o.placed_at <= $2::timestamptz AND order_status_counts(o.status)
        AND oi.product_id IS NOT NULL`,
    [workspaceId, asOf, settings.halfLifeDays],
  );
  if (input.holdOutLastOrder) {
    // The last basket of every customer with two or more (ties: the larger order id), removed from training.
    await client.query(
      `CREATE TEMP TABLE rb_heldout ON COMMIT DROP AS
       SELECT l.customer_id, l.order_id, l.product_id, l.placed_at
         FROM rb_line l
         JOIN (SELECT DISTINCT ON (customer_id) customer_id, order_id
                 FROM (SELECT DISTINCT customer_id, order_id, placed_at FROM rb_line) b
                WHERE customer_id IN (SELECT customer_id FROM rb_line GROUP BY customer_id HAVING count(DISTINCT order_id) >= 2)
                ORDER BY customer_id, placed_at DESC, order_id DESC) last
           ON last.order_id = l.order_id`,
    );
    await client.query("DELETE FROM rb_line l USING rb_heldout h WHERE h.order_id = l.order_id AND h.product_id = l.product_id");
  }
  await client.query("ANALYZE rb_line");

  await client.query(
    `CREATE TEMP TABLE rb_total ON COMMIT DROP AS
     SELECT count(*)::int8 AS baskets, coalesce(sum(w), 0)::float8 AS weight
       FROM (SELECT order_id, min(w) AS w FROM rb_line GROUP BY order_id) b`,
  );
  await client.query(
    `CREATE TEMP TABLE rb_product_stat ON COMMIT DROP AS
     SELECT product_id, sum(orders)::int4 AS baskets, sum(weight)::float8 AS weighted_baskets,
            count(*)::int4 AS buyers, (count(*) FILTER (WHERE orders >= 2))::int4 AS repeat_buyers,
            ((count(*) FILTER (WHERE orders >= 2))::float8 / count(*)) AS repurchase_rate,
            sum(latest)::float8 AS popularity
       FROM (SELECT product_id, customer_id, count(*) AS orders, sum(w) AS weight, max(w) AS latest
               FROM rb_line GROUP BY product_id, customer_id) pc
      GROUP BY product_id`,
  );
  const products = await neighbours(client, {
    lines: "rb_line",
    item: "product_id",
    stat: "rb_product_stat",
    out: "rb_product_neighbor",
    settings,
  });

  await client.query(
    `CREATE TEMP TABLE rb_category_line ON COMMIT DROP AS
     SELECT DISTINCT l.order_id, l.customer_id, p.category, l.w
       FROM rb_line l JOIN product p ON p.id = l.product_id
      WHERE p.category IS NOT NULL AND p.category <> ''`,
  );
  await client.query(
    `CREATE TEMP TABLE rb_category_stat ON COMMIT DROP AS
     SELECT category, sum(orders)::int4 AS baskets, sum(weight)::float8 AS weighted_baskets,
            count(*)::int4 AS buyers, sum(latest)::float8 AS popularity
       FROM (SELECT category, customer_id, count(*) AS orders, sum(w) AS weight, max(w) AS latest
               FROM rb_category_line GROUP BY category, customer_id) cc
      GROUP BY category`,
  );
  const categories = await neighbours(client, {
    lines: "rb_category_line",
    item: "category",
    stat: "rb_category_stat",
    out: "rb_category_neighbor",
    settings,
  });

  const total = await client.query<{ baskets: string }>("SELECT baskets::text FROM rb_total");
  const productCount = await client.query<{ n: number }>("SELECT count(*)::int4 AS n FROM rb_product_stat");
  return {
    baskets: Number(total.rows[0]?.baskets ?? 0),
    products: productCount.rows[0]?.n ?? 0,
    productPairs: products,
    categoryPairs: categories,
  };
}

/**
 * The co-occurrence self-join of one basket table (every ordered pair of
 * distinct items in a basket), kept where the pair's undecayed basket count
 * reaches the support threshold and its lift exceeds 1, then the top N per
 * item by confidence (ties: higher lift, then the smaller item).
 */
async function neighbours(
  client: pg.PoolClient,
  t: { lines: string; item: "product_id" | "category"; stat: string; out: string; settings: RecommendationSettings },
): Promise<number> {
  const res = await client.query(
    `CREATE TEMP TABLE ${t.out} ON COMMIT DROP AS
     SELECT item, rank::int2 AS rank, neighbor, co_baskets, weighted_co_baskets, confidence, lift, jaccard
       FROM (SELECT p.item, p.neighbor, p.co_baskets, p.weighted_co_baskets,
                    p.weighted_co_baskets / si.weighted_baskets AS confidence,
                    p.weighted_co_baskets * t.weight / (si.weighted_baskets * sj.weighted_baskets) AS lift,
                    p.weighted_co_baskets / (si.weighted_baskets + sj.weighted_baskets - p.weighted_co_baskets) AS jaccard,
                    row_number() OVER (PARTITION BY p.item
                                       ORDER BY p.weighted_co_baskets / si.weighted_baskets DESC,
                                                p.weighted_co_baskets / sj.weighted_baskets DESC, p.neighbor) AS rank
               FROM (SELECT a.${t.item} AS item, b.${t.item} AS neighbor, count(*)::int4 AS co_baskets,
                            sum(a.w)::float8 AS weighted_co_baskets
                       FROM ${t.lines} a
                       JOIN ${t.lines} b ON b.order_id = a.order_id AND b.${t.item} <> a.${t.item}
                      GROUP BY 1, 2
                     HAVING count(*) >= $1::int4) p
               JOIN ${t.stat} si ON si.${t.item} = p.item
               JOIN ${t.stat} sj ON sj.${t.item} = p.neighbor
               CROSS JOIN rb_total t
              WHERE p.weighted_co_baskets * t.weight > si.weighted_baskets * sj.weighted_baskets) ranked
      WHERE rank <= $2::int4`,
    [t.settings.minSupport, t.settings.topN],
  );
  return res.rowCount ?? 0;
}
