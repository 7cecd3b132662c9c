-- Co-purchase recommendations (lib/recommendations, docs/recommendations.md).
-- Written set-based by the recommendations.build job, one workspace at a
-- time, in one transaction; the customer lookup, the API, the product page
-- and the segment rule read only these rows, never the order lines.

-- Per product: how often and by how many it is bought, its time-decayed
-- popularity (the back-fill order) and its repurchase rate.
CREATE TABLE "product_stat" (
  "workspace_id" INTEGER NOT NULL,
  "product_id" INTEGER NOT NULL,
  -- baskets (orders) holding the product, and their time-decayed weight
  "baskets" INTEGER NOT NULL,
  "weighted_baskets" DOUBLE PRECISION NOT NULL,
  -- distinct buyers, and those who bought it in two or more orders
  "buyers" INTEGER NOT NULL,
  "repeat_buyers" INTEGER NOT NULL,
  -- repeat_buyers / buyers
  "repurchase_rate" DOUBLE PRECISION NOT NULL,
  -- buyers weighted by the decay of their latest purchase of it
  "popularity" DOUBLE PRECISION NOT NULL,
  CONSTRAINT "product_stat_pkey" PRIMARY KEY ("workspace_id", "product_id"),
  CONSTRAINT "product_stat_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "product_stat_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "product_stat_workspace_id_popularity_idx" ON "product_stat"("workspace_id", "popularity" DESC);

-- The top neighbours of each product ("frequently bought together"), rank 1
-- first. confidence = W(both) / W(product), lift = W(both) W(all) /
-- (W(product) W(neighbour)), jaccard = W(both) / (W(product) + W(neighbour)
-- - W(both)), W = sum of the decayed weights of the baskets; co_baskets is
-- the undecayed count the support threshold applies to.
CREATE TABLE "product_neighbor" (
  "workspace_id" INTEGER NOT NULL,
  "product_id" INTEGER NOT NULL,
  "rank" SMALLINT NOT NULL,
  "neighbor_id" INTEGER NOT NULL,
  "co_baskets" INTEGER NOT NULL,
  "weighted_co_baskets" DOUBLE PRECISION NOT NULL,
  "confidence" DOUBLE PRECISION NOT NULL,
  "lift" DOUBLE PRECISION NOT NULL,
  "jaccard" DOUBLE PRECISION NOT NULL,
  CONSTRAINT "product_neighbor_pkey" PRIMARY KEY ("workspace_id", "product_id", "rank"),
  CONSTRAINT "product_neighbor_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "product_neighbor_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "product_neighbor_neighbor_id_fkey" FOREIGN KEY ("neighbor_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "product_neighbor_neighbor_id_idx" ON "product_neighbor"("neighbor_id");

-- The same at category level (product.category, the full path).
CREATE TABLE "category_stat" (
  "workspace_id" INTEGER NOT NULL,
  "category" TEXT NOT NULL,
  "baskets" INTEGER NOT NULL,
  "weighted_baskets" DOUBLE PRECISION NOT NULL,
  "buyers" INTEGER NOT NULL,
  "popularity" DOUBLE PRECISION NOT NULL,
  CONSTRAINT "category_stat_pkey" PRIMARY KEY ("workspace_id", "category"),
  CONSTRAINT "category_stat_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "category_neighbor" (
  "workspace_id" INTEGER NOT NULL,
  "category" TEXT NOT NULL,
  "rank" SMALLINT NOT NULL,
  "neighbor_category" TEXT NOT NULL,
  "co_baskets" INTEGER NOT NULL,
  "weighted_co_baskets" DOUBLE PRECISION NOT NULL,
  "confidence" DOUBLE PRECISION NOT NULL,
  "lift" DOUBLE PRECISION NOT NULL,
  "jaccard" DOUBLE PRECISION NOT NULL,
  CONSTRAINT "category_neighbor_pkey" PRIMARY KEY ("workspace_id", "category", "rank"),
  CONSTRAINT "category_neighbor_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- The last build of a workspace's model: when, with which settings, how big.
CREATE TABLE "recommendation_build" (
  "workspace_id" INTEGER NOT NULL,
  "built_at" TIMESTAMPTZ(3) NOT NULL,
  "as_of" TIMESTAMPTZ(3) NOT NULL,
  "half_life_days" DOUBLE PRECISION NOT NULL,
  "min_support" INTEGER NOT NULL,
  "top_n" INTEGER NOT NULL,
  "baskets" BIGINT NOT NULL,
  "products" INTEGER NOT NULL,
  "product_pairs" INTEGER NOT NULL,
  "category_pairs" INTEGER NOT NULL,
  "duration_ms" INTEGER NOT NULL,
  CONSTRAINT "recommendation_build_pkey" PRIMARY KEY ("workspace_id"),
  CONSTRAINT "recommendation_build_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
