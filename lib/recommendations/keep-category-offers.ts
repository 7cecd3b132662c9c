import type pg from "pg";
import { CATEGORY_OFFERS_KEPT } from "./category-offer-limit.ts";
import { DECAY_SQL } from "./model-tables.ts";

export interface CategoryOffersInput {
  /** The build's as-of time: owned categories are those bought by then, and decay is measured back from it. */
  asOf: Date;
  halfLifeDays: number;
}

/**
 * Keeps each customer's top CATEGORY_OFFERS_KEPT recommended categories
 * (customer_category_offer) from the model the same transaction just
 * published, so the segment rule reads the new model's offers exactly when
 * it reads the new model. One statement over all customers with category
 * history.
 *
 * The ranking is the lookup's (categoryRecommendationsSql): categories the
 * customer has not bought from, by Σ r(c) · confidence(c → c') over what they
 * bought (score, then name), then the popular ones they neither own nor were
 * scored, in popularity order, with score 0. The lookup's back-fill is a
 * cross join of the customers with the popular list and a window over the
 * result, fine for a page of customers and 133 s for 0.9M (BENCHMARKS.md);
 * here each customer's back-fill is read off the one popular array with the
 * customer's owned and scored arrays (a few dozen elements), appended to the
 * scored list and cut to the kept length, with no sort per customer (unnest
 * reads an array in storage order, and a filter keeps it). Only the popular
 * prefix that can survive the exclusions is read (owned + scored + kept
 * elements), so a catalogue of thousands of paths costs no more. That is the
 * same list: the lookup takes its popular prefix long enough that the first
 * categories surviving the exclusions are the same as over the whole list.
 * tests/integration/recommended-category-rule.test.ts checks the kept lists
 * against the lookup for every customer of a generated workspace.
 *
 * Owned categories come from customer_category_timeline (one row per customer
 * and category, placed_at of the counted orders oldest first, kept exact by
 * triggers): the last purchase by the as-of time is the element at
 * width_bucket(asOf, placed_at), a binary search, instead of regrouping the
 * order lines. Customers without such history get no row: the popular
 * categories (category_stat) are their offer, and the rule reads them there.
 * Returns how many customers got a row.
 */
export async function keepCategoryOffers(client: Pick<pg.PoolClient, "query">, workspaceId: number, input: CategoryOffersInput): Promise<number> {
  await client.query("DROP TABLE IF EXISTS rb_category_owned");
  await client.query(
    `CREATE TEMP TABLE rb_category_owned ON COMMIT DROP AS
     SELECT t.customer_id, t.category, t.placed_at[width_bucket($2::timestamptz, t.placed_at)] AS last_at
       FROM customer_category_timeline t
      WHERE t.workspace_id = $1::int4 AND t.category <> '' AND width_bucket($2::timestamptz, t.placed_at) > 0`,
    [workspaceId, input.asOf],
  );
  await client.query("ANALYZE rb_category_owned");
  await client.query("DELETE FROM customer_category_offer WHERE workspace_id = $1::int4", [workspaceId]);
  // A customer whose every category is owned has nothing left to offer: an empty row, not the popular list.
  const inserted = await client.query(
    `WITH recency AS (
       SELECT o.customer_id, o.category, ${DECAY_SQL("o.last_at", "$2::timestamptz", "$3::float8")} AS r FROM rb_category_owned o
     ),
     scored AS (
       SELECT r.customer_id, n.neighbor_category AS category, sum(r.r * n.confidence) AS score
         FROM recency r JOIN category_neighbor n ON n.workspace_id = $1::int4 AND n.category = r.category
        WHERE NOT EXISTS (SELECT 1 FROM rb_category_owned x WHERE x.customer_id = r.customer_id AND x.category = n.neighbor_category)
        GROUP BY r.customer_id, n.neighbor_category
     ),
     scored_list AS (
       SELECT customer_id, array_agg(category ORDER BY score DESC, category) AS categories, array_agg(score ORDER BY score DESC, category) AS scores
         FROM scored GROUP BY customer_id
     ),
     owned_list AS (
       SELECT customer_id, array_agg(category) AS categories FROM rb_category_owned GROUP BY customer_id
     ),
     popular AS (
       SELECT coalesce(array_agg(category ORDER BY popularity DESC, category), '{}') AS categories FROM category_stat WHERE workspace_id = $1::int4
     )
     INSERT INTO customer_category_offer (workspace_id, customer_id, categories, scores)
     SELECT $1::int4, o.customer_id, k.categories[1:$4::int4], k.scores[1:$4::int4]
       FROM owned_list o
       LEFT JOIN scored_list s ON s.customer_id = o.customer_id
      CROSS JOIN popular p
      CROSS JOIN LATERAL (
        SELECT coalesce(s.categories, '{}') || f.categories AS categories,
               coalesce(s.scores, '{}') || array_fill(0::float8, ARRAY[cardinality(f.categories)]) AS scores
          FROM (SELECT ARRAY(SELECT c FROM unnest(p.categories[1:cardinality(o.categories) + coalesce(cardinality(s.categories), 0) + $4::int4]) AS b(c)
                              WHERE c <> ALL (o.categories) AND c <> ALL (coalesce(s.categories, '{}'))) AS categories) f
      ) k`,
    [workspaceId, input.asOf, input.halfLifeDays, CATEGORY_OFFERS_KEPT],
  );
  await client.query("ANALYZE customer_category_offer");
  return inserted.rowCount ?? 0;
}
