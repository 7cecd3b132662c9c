import type pg from "pg";
import { CATEGORY_OFFERS_KEPT } from "./category-offer-limit.ts";
import { categoryRecommendationsSql } from "./recommend-sql.ts";

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
 * history: the lookup's own query (categoryRecommendationsSql) with every
 * such customer as its input, so a kept list is the lookup's answer for that
 * customer at the as-of time by construction.
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
  const ranked = categoryRecommendationsSql({
    customers: "SELECT DISTINCT customer_id FROM rb_category_owned",
    owned: "SELECT customer_id, category, last_at FROM rb_category_owned",
  });
  // A customer whose every category is owned has nothing left to offer: an empty row, not the popular list.
  const inserted = await client.query(
    `INSERT INTO customer_category_offer (workspace_id, customer_id, categories, scores)
     SELECT $1::int4, h.customer_id, coalesce(r.categories, '{}'), coalesce(r.scores, '{}')
       FROM (SELECT DISTINCT customer_id FROM rb_category_owned) h
       LEFT JOIN (SELECT customer_id, array_agg(category ORDER BY rank) AS categories, array_agg(score ORDER BY rank) AS scores
                    FROM (${ranked}) offers GROUP BY customer_id) r ON r.customer_id = h.customer_id`,
    [workspaceId, input.asOf, input.halfLifeDays, CATEGORY_OFFERS_KEPT],
  );
  await client.query("ANALYZE customer_category_offer");
  return inserted.rowCount ?? 0;
}
