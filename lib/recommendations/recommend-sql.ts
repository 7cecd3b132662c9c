import { DECAY_SQL } from "./model-tables.ts";

/**
 * The next-best-offer query over a set of customers, from the kept model
 * (product_neighbor, product_stat, category_*), never the whole order history.
 * The caller supplies two relations:
 *   customers(customer_id)                 whom to recommend for
 *   owned(customer_id, product_id, last_at) what each bought, and when last
 * Bound parameters: $1 workspace id, $2 now, $3 half-life (days), $4 repeat
 * purchase rate, $5 how many per customer; the caller's own from $6.
 *
 * Score of a product j for a customer: Σ over owned products i of
 * r(i) · confidence(i → j), r(i) = exp(-ln 2 · days since the customer last
 * bought i / half-life). A product the customer owns is left out unless its
 * repurchase rate reaches the threshold; then it is also offered again with
 * score r(i) · repurchase rate. Products with a score come first; popular
 * products (time-decayed buyers) fill the rest.
 *
 * Each row: customer_id, rank, product_id, score, reason kind
 * ('bought_with' | 'buy_again' | 'popular'), the product the reason names
 * and the share it cites (confidence, repurchase rate or null).
 */
export function productRecommendationsSql(
  relations: { customers: string; owned: string },
  /** The model tables; the offline evaluation points them at the model it built from the earlier orders. */
  tables: { neighbor: string; stat: string } = { neighbor: "product_neighbor", stat: "product_stat" },
): string {
  return `
WITH customers AS (${relations.customers}),
owned AS (${relations.owned}),
recency AS (
  SELECT o.customer_id, o.product_id, ${DECAY_SQL("o.last_at", "$2::timestamptz", "$3::float8")} AS r,
         coalesce(s.repurchase_rate, 0) >= $4::float8 AS repeats
    FROM owned o LEFT JOIN ${tables.stat} s ON s.workspace_id = $1::int4 AND s.product_id = o.product_id
),
contribution AS (
  -- Each owned product's neighbours through the (workspace, product) key (LATERAL … OFFSET 0): the planner takes a
  -- customer for a hundred orders and would otherwise hash the workspace's whole neighbour table for every lookup.
  SELECT r.customer_id, n.neighbor_id AS product_id, r.r * n.confidence AS score, 'bought_with'::text AS kind,
         r.product_id AS because_id, n.confidence AS share
    FROM recency r
    CROSS JOIN LATERAL (SELECT neighbor_id, confidence FROM ${tables.neighbor}
                         WHERE workspace_id = $1::int4 AND product_id = r.product_id OFFSET 0) n
  UNION ALL
  SELECT r.customer_id, r.product_id, r.r * s.repurchase_rate, 'buy_again', r.product_id, s.repurchase_rate
    FROM recency r JOIN ${tables.stat} s ON s.workspace_id = $1::int4 AND s.product_id = r.product_id
   WHERE r.repeats
),
scored AS (
  SELECT c.customer_id, c.product_id, sum(c.score) AS score,
         (array_agg(c.kind ORDER BY c.score DESC, c.because_id))[1] AS kind,
         (array_agg(c.because_id ORDER BY c.score DESC, c.because_id))[1] AS because_id,
         (array_agg(c.share ORDER BY c.score DESC, c.because_id))[1] AS share
    FROM contribution c
   WHERE NOT EXISTS (SELECT 1 FROM recency r WHERE r.customer_id = c.customer_id AND r.product_id = c.product_id AND NOT r.repeats)
   GROUP BY c.customer_id, c.product_id
),
popular AS (
  -- Enough popular products that the back-fill survives any customer's exclusions: fewer than $5 scored ones
  -- (else no back-fill is needed) plus what the customer owns.
  SELECT s.product_id, s.popularity, row_number() OVER (ORDER BY s.popularity DESC, s.product_id) AS pop_rank
    FROM ${tables.stat} s WHERE s.workspace_id = $1::int4
   ORDER BY s.popularity DESC, s.product_id
   LIMIT $5::int4 * 2 + (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM owned GROUP BY customer_id) per_customer)
),
backfill AS (
  SELECT cu.customer_id, p.product_id, p.pop_rank
    FROM customers cu CROSS JOIN popular p
   WHERE NOT EXISTS (SELECT 1 FROM recency r WHERE r.customer_id = cu.customer_id AND r.product_id = p.product_id AND NOT r.repeats)
     AND NOT EXISTS (SELECT 1 FROM scored s WHERE s.customer_id = cu.customer_id AND s.product_id = p.product_id)
),
ranked AS (
  SELECT customer_id, product_id, score, kind, because_id, share,
         row_number() OVER (PARTITION BY customer_id ORDER BY tier, score DESC, pop_rank, product_id) AS rank
    FROM (SELECT customer_id, product_id, score, kind, because_id, share, 0 AS tier, 0::int8 AS pop_rank FROM scored
          UNION ALL
          SELECT customer_id, product_id, 0, 'popular', NULL::int4, NULL::float8, 1, pop_rank FROM backfill) u
)
SELECT customer_id, rank::int4 AS rank, product_id, score, kind, because_id, share
  FROM ranked WHERE rank <= $5::int4
 ORDER BY customer_id, rank`;
}

/**
 * The same over category paths, from category_neighbor: categories the
 * customer has not bought from, ranked by Σ r(c) · confidence(c → c'), then
 * popular categories. owned(customer_id, category, last_at). Parameters: $1
 * workspace id, $2 now, $3 half-life, `limit` (default $4) how many; the
 * caller's own after them (a caller that runs it in one query with the
 * products statement passes the products' $5 as the limit).
 */
export function categoryRecommendationsSql(relations: { customers: string; owned: string }, limit = "$4"): string {
  return `
WITH customers AS (${relations.customers}),
owned AS (${relations.owned}),
recency AS (
  SELECT o.customer_id, o.category, ${DECAY_SQL("o.last_at", "$2::timestamptz", "$3::float8")} AS r FROM owned o
),
scored AS (
  SELECT r.customer_id, n.neighbor_category AS category, sum(r.r * n.confidence) AS score,
         (array_agg(r.category ORDER BY r.r * n.confidence DESC, r.category))[1] AS because,
         (array_agg(n.confidence ORDER BY r.r * n.confidence DESC, r.category))[1] AS share
    FROM recency r
    CROSS JOIN LATERAL (SELECT neighbor_category, confidence FROM category_neighbor
                         WHERE workspace_id = $1::int4 AND category = r.category OFFSET 0) n
   WHERE NOT EXISTS (SELECT 1 FROM recency x WHERE x.customer_id = r.customer_id AND x.category = n.neighbor_category)
   GROUP BY r.customer_id, n.neighbor_category
),
popular AS (
  SELECT s.category, row_number() OVER (ORDER BY s.popularity DESC, s.category) AS pop_rank
    FROM category_stat s WHERE s.workspace_id = $1::int4
   ORDER BY s.popularity DESC, s.category
   LIMIT ${limit}::int4 * 2 + (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM owned GROUP BY customer_id) per_customer)
),
ranked AS (
  SELECT customer_id, category, score, kind, because, share,
         row_number() OVER (PARTITION BY customer_id ORDER BY tier, score DESC, pop_rank, category) AS rank
    FROM (SELECT customer_id, category, score, 'bought_with'::text AS kind, because, share, 0 AS tier, 0::int8 AS pop_rank FROM scored
          UNION ALL
          SELECT cu.customer_id, p.category, 0, 'popular', NULL, NULL, 1, p.pop_rank
            FROM customers cu CROSS JOIN popular p
           WHERE NOT EXISTS (SELECT 1 FROM recency r WHERE r.customer_id = cu.customer_id AND r.category = p.category)
             AND NOT EXISTS (SELECT 1 FROM scored s WHERE s.customer_id = cu.customer_id AND s.category = p.category)) u
)
SELECT customer_id, rank::int4 AS rank, category, score, kind, because, share
  FROM ranked WHERE rank <= ${limit}::int4
 ORDER BY customer_id, rank`;
}
