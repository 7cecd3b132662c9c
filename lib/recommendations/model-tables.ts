import type pg from "pg";
import { withPlannerSettings } from "../db/planner-settings.ts";
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
  /** Leave the category model out (the offline evaluation scores products only). */
  categories?: boolean;
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
 *   rb_basket            one row per basket: its customer, weight and distinct products
 *   rb_product_stat      baskets, W, buyers, repeat buyers, repurchase rate, popularity
 *   rb_product_neighbor  the top-N neighbours j of each product i (pairs with at
 *                        least minSupport baskets and lift > 1), ranked by
 *                        confidence W(i,j) / W(i), with lift and Jaccard
 *   rb_category_stat / rb_category_neighbor   the same over category paths
 *
 * The order lines are read once, grouped by order into one row per basket
 * (most baskets hold one product); pairs come only from the baskets with two
 * or more items, each unordered pair once, and are counted per pair of items
 * (a few hundred thousand groups at most) before they are mirrored. Product
 * and category statistics come from the product and category timelines;
 * category pairs from the baskets of two or more products.
 */
export async function buildModelTables(client: pg.PoolClient, input: ModelInput): Promise<ModelSize> {
  const { workspaceId, asOf, settings } = input;
  const decay = DECAY_SQL("o.placed_at", "$2::timestamptz", "$3::float8");
  // One pass over the order lines in the order of the (workspace, order, product, line) key: each order's distinct
  // products grouped as they stream by, merged with the orders on their primary key. The planner cannot see that
  // shape: it guesses 200 orders for the grouped lines (a group of a group) and would hash them into a nested loop
  // or a parallel hash join that builds the whole table once per worker, three times slower.
  // An order whose lines all lack a product is no basket; a product twice in an order counts once.
  await withPlannerSettings(client, STREAMING_JOIN, () =>
    client.query(
      `CREATE TEMP TABLE rb_basket ON COMMIT DROP AS
       SELECT o.id AS order_id, o.customer_id, o.placed_at, ${decay} AS w, l.products
         FROM (SELECT order_id, array_agg(product_id) AS products
                 FROM (SELECT order_id, product_id FROM order_item
                        WHERE workspace_id = $1::int4 AND product_id IS NOT NULL
                        GROUP BY order_id, product_id) d
                GROUP BY order_id) l
         JOIN customer_order o ON o.id = l.order_id
        WHERE o.workspace_id = $1::int4 AND o.placed_at <= $2::timestamptz AND order_status_counts(o.status)`,
      [workspaceId, asOf, settings.halfLifeDays],
    ),
  );
  if (input.holdOutLastOrder) {
    // The last basket of every customer with two or more (ties: the larger order id), removed from training.
    await client.query(
      `CREATE TEMP TABLE rb_heldout ON COMMIT DROP AS
       SELECT b.customer_id, b.order_id, p.product_id, b.placed_at
         FROM (SELECT customer_id, order_id, placed_at, products,
                      row_number() OVER (PARTITION BY customer_id ORDER BY placed_at DESC, order_id DESC) AS latest,
                      count(*) OVER (PARTITION BY customer_id) AS baskets
                 FROM rb_basket) b
         CROSS JOIN LATERAL unnest(b.products) AS p(product_id)
        WHERE b.latest = 1 AND b.baskets >= 2`,
    );
    await client.query("DELETE FROM rb_basket b USING (SELECT DISTINCT order_id FROM rb_heldout) h WHERE h.order_id = b.order_id");
  }

  await client.query(
    `CREATE TEMP TABLE rb_total ON COMMIT DROP AS
     SELECT count(*)::int8 AS baskets, coalesce(sum(w), 0)::float8 AS weight FROM rb_basket`,
  );
  // The held-out baskets are in the timelines, so the offline evaluation counts its products from the baskets left.
  if (input.holdOutLastOrder) await productStatsFromBaskets(client);
  else await productStats(client, { workspaceId, asOf, halfLifeDays: settings.halfLifeDays });
  await createPairIndex(client);
  const products = await neighbours(client, {
    pairs: `SELECT least(x.first, x.second) AS a, greatest(x.first, x.second) AS b,
                   count(*)::int4 AS co_baskets, sum(x.w)::float8 AS weighted_co_baskets
              FROM (${basketPairs(2)}) x
             GROUP BY 1, 2
            HAVING count(*) >= $1::int4`,
    item: "product_id",
    stat: "rb_product_stat",
    out: "rb_product_neighbor",
    settings,
  });

  let categories = 0;
  if (input.categories !== false) {
    await categoryStats(client, { workspaceId, asOf, halfLifeDays: settings.halfLifeDays });
    // Category paths numbered for the pairing, whose per-basket de-duplication then compares integers.
    await client.query(
      `CREATE TEMP TABLE rb_product_category ON COMMIT DROP AS
       SELECT p.id AS product_id, p.category, (dense_rank() OVER (ORDER BY p.category))::int4 AS category_no
         FROM product p WHERE p.workspace_id = $1::int4 AND p.category IS NOT NULL AND p.category <> ''`,
      [workspaceId],
    );
    await client.query("ANALYZE rb_product_category");
    // Only a basket of two or more products can hold two categories. Its product pairs map to category pairs, each
    // counted once per basket (two products of one category pair up with a third only once). A basket of two
    // products is one pair, so only the larger baskets (a minority) go through the de-duplication.
    const categoryPair = (pairs: string) => `
      SELECT x.order_id, x.w, least(ci.category_no, cj.category_no) AS a, greatest(ci.category_no, cj.category_no) AS b
        FROM (${pairs}) x
        JOIN rb_product_category ci ON ci.product_id = x.first
        JOIN rb_product_category cj ON cj.product_id = x.second
       WHERE ci.category_no <> cj.category_no`;
    categories = await neighbours(client, {
      pairs: `SELECT c.category AS a, d.category AS b, g.co_baskets, g.weighted_co_baskets
                FROM (SELECT a, b, count(*)::int4 AS co_baskets, sum(w)::float8 AS weighted_co_baskets
                        FROM (SELECT w, a, b FROM (${categoryPair(basketPairs(2, 2))}) two
                              UNION ALL
                              SELECT w, a, b FROM (SELECT DISTINCT order_id, w, a, b FROM (${categoryPair(basketPairs(3))}) more) deduplicated) per_basket
                       GROUP BY a, b
                      HAVING count(*) >= $1::int4) g
                JOIN (SELECT DISTINCT category_no, category FROM rb_product_category) c ON c.category_no = g.a
                JOIN (SELECT DISTINCT category_no, category FROM rb_product_category) d ON d.category_no = g.b`,
      item: "category",
      stat: "rb_category_stat",
      out: "rb_category_neighbor",
      settings,
    });
  }

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
 * Baskets up to this many products find their pairs (i < j) in rb_pair_index
 * by a hash join on their size: one lookup per basket instead of two
 * set-returning calls (9.9 → 6.5 s for the product pairs at 1M customers).
 * Larger baskets, rare, enumerate theirs with generate_series. The index
 * holds C(65, 3) = 43,680 rows.
 */
export const PAIR_INDEX_MAX = 64;

/** rb_pair_index: each (n, i, j) with 1 <= i < j <= n, for 2 <= n <= PAIR_INDEX_MAX. */
export async function createPairIndex(client: Pick<pg.PoolClient, "query">): Promise<void> {
  await client.query(
    `CREATE TEMP TABLE rb_pair_index ON COMMIT DROP AS
     SELECT n, i, j FROM generate_series(2, ${PAIR_INDEX_MAX}) AS n, generate_series(1, n - 1) AS i, generate_series(i + 1, n) AS j`,
  );
  await client.query("ANALYZE rb_pair_index");
}

/**
 * Each unordered pair of distinct products of each basket of rb_basket whose
 * size is within [min, max], once: order_id, w, first, second (the products
 * at positions i < j).
 */
export function basketPairs(min: number, max = Number.POSITIVE_INFINITY): string {
  const indexed = `SELECT b.order_id, b.w, b.products[p.i] AS first, b.products[p.j] AS second
                     FROM rb_basket b JOIN rb_pair_index p ON p.n = cardinality(b.products)
                    WHERE cardinality(b.products) BETWEEN ${min} AND ${Math.min(max, PAIR_INDEX_MAX)}`;
  if (max <= PAIR_INDEX_MAX) return indexed;
  return `${indexed}
          UNION ALL
          SELECT b.order_id, b.w, b.products[gi.i], b.products[gj.j]
            FROM rb_basket b
            CROSS JOIN LATERAL generate_series(1, cardinality(b.products) - 1) AS gi(i)
            CROSS JOIN LATERAL generate_series(gi.i + 1, cardinality(b.products)) AS gj(j)
           WHERE cardinality(b.products) > ${Math.max(min - 1, PAIR_INDEX_MAX)}`;
}

/** Planner settings for the basket statement: stream the sorted lines into a merge join, one process. */
const STREAMING_JOIN = { enable_hashagg: "off", enable_hashjoin: "off", enable_nestloop: "off", max_parallel_workers_per_gather: "0" };

/**
 * Per category path: baskets, W, buyers and popularity, from the category
 * timelines (one row per customer and category with the sorted times of
 * their counted orders holding it, kept by triggers): the same counts as the
 * baskets give, without grouping every line by customer again. Orders after
 * the as-of time are left out here as in the baskets; a customer's latest
 * order up to then is the element whose successor (if any) is later.
 */
async function categoryStats(client: pg.PoolClient, t: { workspaceId: number; asOf: Date; halfLifeDays: number }): Promise<void> {
  const decay = DECAY_SQL("u.at", "$2::timestamptz", "$3::float8");
  await client.query(
    `CREATE TEMP TABLE rb_category_stat ON COMMIT DROP AS
     SELECT u.category, count(*)::int4 AS baskets, sum(${decay})::float8 AS weighted_baskets,
            (count(*) FILTER (WHERE u.latest))::int4 AS buyers, (sum(${decay}) FILTER (WHERE u.latest))::float8 AS popularity
       FROM (${timelineElements("customer_category_timeline", "category", "t.category <> ''")}) u
      GROUP BY u.category`,
    [t.workspaceId, t.asOf, t.halfLifeDays],
  );
}

/**
 * Per product: baskets, W, buyers, repeat buyers, repurchase rate, and
 * popularity (the sum over buyers of the weight of their latest basket
 * holding it), from the product timelines (one row per customer and product
 * with the sorted times of their counted orders holding it, kept by
 * triggers): one pass over their elements up to the as-of time, as for
 * categories, instead of grouping every basket by customer and product
 * (12.6M groups at 1M customers, spilled to disk). A buyer's latest order up
 * to then is element k, whose successor (if any) is later; k elements are
 * up to then, so the buyer bought it again when k >= 2.
 */
async function productStats(client: pg.PoolClient, t: { workspaceId: number; asOf: Date; halfLifeDays: number }): Promise<void> {
  const decay = DECAY_SQL("u.at", "$2::timestamptz", "$3::float8");
  await client.query(
    `CREATE TEMP TABLE rb_product_stat ON COMMIT DROP AS
     SELECT u.product_id, count(*)::int4 AS baskets, sum(${decay})::float8 AS weighted_baskets,
            (count(*) FILTER (WHERE u.latest))::int4 AS buyers,
            (count(*) FILTER (WHERE u.latest AND u.k >= 2))::int4 AS repeat_buyers,
            ((count(*) FILTER (WHERE u.latest AND u.k >= 2))::float8 / count(*) FILTER (WHERE u.latest)) AS repurchase_rate,
            (sum(${decay}) FILTER (WHERE u.latest))::float8 AS popularity
       FROM (${timelineElements("customer_product_timeline", "product_id", "true")}) u
      GROUP BY u.product_id`,
    [t.workspaceId, t.asOf, t.halfLifeDays],
  );
}

/**
 * The elements of a purchase timeline up to the as-of time ($2), with the
 * workspace $1: the item (column), the time (at), its position (k), and
 * whether it is the customer's latest up to then (its successor, if any, is
 * later). Most product rows hold one order (83% at 1M customers, half the category rows): those
 * are read directly, and only the others are unnested (7.6 s instead of 9.1
 * s over the 12.6M product timelines).
 */
function timelineElements(table: string, column: string, where: string): string {
  return `SELECT t.${column}, t.placed_at[1] AS at, 1::int8 AS k, true AS latest
            FROM ${table} t
           WHERE t.workspace_id = $1::int4 AND ${where} AND cardinality(t.placed_at) = 1 AND t.placed_at[1] <= $2::timestamptz
          UNION ALL
          SELECT t.${column}, e.at, e.k, e.k = cardinality(t.placed_at) OR t.placed_at[e.k + 1] > $2::timestamptz
            FROM ${table} t
            CROSS JOIN LATERAL unnest(t.placed_at) WITH ORDINALITY AS e(at, k)
           WHERE t.workspace_id = $1::int4 AND ${where} AND cardinality(t.placed_at) > 1 AND e.at <= $2::timestamptz`;
}

/**
 * The same per-product statistics grouped from the baskets (one row per
 * customer and product, then per product), for a model built from fewer
 * baskets than the timelines hold: the offline evaluation's.
 */
async function productStatsFromBaskets(client: pg.PoolClient): Promise<void> {
  // The planner guesses a few thousand customer-product rows for the inner grouping (12.6M at 1M customers) and
  // sorts them all for the outer one, which a hash over the products does in one pass.
  await withPlannerSettings(client, { enable_sort: "off" }, () => client.query(
    `CREATE TEMP TABLE rb_product_stat ON COMMIT DROP AS
     SELECT product_id, sum(orders)::int4 AS baskets, sum(weight)::float8 AS weighted_baskets, count(*)::int4 AS buyers,
            (count(*) FILTER (WHERE orders >= 2))::int4 AS repeat_buyers,
            ((count(*) FILTER (WHERE orders >= 2))::float8 / count(*)) AS repurchase_rate,
            sum(latest)::float8 AS popularity
       FROM (SELECT x.product_id, b.customer_id, count(*) AS orders, sum(b.w) AS weight, max(b.w) AS latest
               FROM rb_basket b CROSS JOIN LATERAL unnest(b.products) AS x(product_id)
              GROUP BY x.product_id, b.customer_id) pc
      GROUP BY product_id`,
  ));
}

/**
 * Co-occurrence counts of one item kind (every ordered pair of distinct
 * items in a basket), kept where the pair's undecayed basket count reaches
 * the support threshold and its lift exceeds 1, then the top N per item by
 * confidence (ties: higher lift, then the smaller item). Each basket's
 * unordered pairs are counted once (i < j) and mirrored after grouping:
 * support and W(i, j) are symmetric.
 */
async function neighbours(
  client: pg.PoolClient,
  t: {
    /** Each unordered pair once: a, b, co_baskets, weighted_co_baskets, support at least $1. */
    pairs: string;
    item: "product_id" | "category";
    stat: string;
    out: string;
    settings: RecommendationSettings;
  },
): Promise<number> {
  // The planner misjudges the baskets' join to the pair index by orders of magnitude and would sort every basket by
  // its size for a merge join; a hash of the index is the plan.
  const res = await withPlannerSettings(client, { enable_mergejoin: "off" }, () => client.query(
    `CREATE TEMP TABLE ${t.out} ON COMMIT DROP AS
     WITH pair AS (${t.pairs}     ), directed AS (
       SELECT a AS item, b AS neighbor, co_baskets, weighted_co_baskets FROM pair
       UNION ALL
       SELECT b, a, co_baskets, weighted_co_baskets FROM pair
     )
     SELECT item, rank::int2 AS rank, neighbor, co_baskets, weighted_co_baskets, confidence, lift, jaccard
       FROM (SELECT p.item, p.neighbor, p.co_baskets, p.weighted_co_baskets,
                    p.weighted_co_baskets / si.weighted_baskets AS confidence,
                    p.weighted_co_baskets * t.weight / (si.weighted_baskets * sj.weighted_baskets) AS lift,
                    p.weighted_co_baskets / (si.weighted_baskets + sj.weighted_baskets - p.weighted_co_baskets) AS jaccard,
                    row_number() OVER (PARTITION BY p.item
                                       ORDER BY p.weighted_co_baskets / si.weighted_baskets DESC,
                                                p.weighted_co_baskets / sj.weighted_baskets DESC, p.neighbor) AS rank
               FROM directed p
               JOIN ${t.stat} si ON si.${t.item} = p.item
               JOIN ${t.stat} sj ON sj.${t.item} = p.neighbor
               CROSS JOIN rb_total t
              WHERE p.weighted_co_baskets * t.weight > si.weighted_baskets * sj.weighted_baskets) ranked
      WHERE rank <= $2::int4`,
    [t.settings.minSupport, t.settings.topN],
  ));
  return res.rowCount ?? 0;
}
