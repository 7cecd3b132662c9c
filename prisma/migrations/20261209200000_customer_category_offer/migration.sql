-- Each customer's top recommended categories as of the last recommendations
-- build (lib/recommendations/keep-category-offers.ts), for the segment rule
-- "recommended category is …" (docs/recommendations.md). One row per customer
-- who had bought from a category by the build's as-of time: the categories in
-- rank order (the same ranking the customer lookup gives), possibly empty when
-- nothing is left to offer. Customers without a row had no category history
-- and are offered the workspace's popular categories (category_stat), which
-- the rule reads there instead of storing the same list a million times.
--
-- No foreign key to customer: the build rewrites up to a million rows, and a
-- per-row FK check would be most of its cost; rows are only ever read joined
-- to customer, and a deleted customer's row goes at the next build.
CREATE TABLE "customer_category_offer" (
  "workspace_id" INTEGER NOT NULL,
  "customer_id" BIGINT NOT NULL,
  -- rank 1 first, at most CATEGORY_OFFERS_KEPT
  "categories" TEXT[] NOT NULL,
  -- the lookup's score of each category (0 for the popularity back-fill)
  "scores" DOUBLE PRECISION[] NOT NULL,
  CONSTRAINT "customer_category_offer_pkey" PRIMARY KEY ("workspace_id", "customer_id"),
  CONSTRAINT "customer_category_offer_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
