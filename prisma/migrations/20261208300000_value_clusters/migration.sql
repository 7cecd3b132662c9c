-- Value drivers (lib/analytics/clusters, docs/value-drivers.md): each
-- customer's behaviour features and cluster, written by the clusters run
-- (analytics_run kind 'clusters') in its publishing transaction, and one row
-- per cluster of each run with its profile and value, so the Value drivers
-- page reads a handful of rows at any size.

-- One row per customer with counted orders: the latest clusters run's features.
-- category_share and channel_share follow the labels in that run's
-- analytics_run.result (categories, channels); cluster is null for a customer
-- without priced order lines (not clustered).
CREATE TABLE "customer_feature" (
  "customer_id" BIGINT NOT NULL,
  "workspace_id" INTEGER NOT NULL,
  "run_id" INTEGER NOT NULL,
  "order_count" INTEGER NOT NULL,
  "average_order_value" DOUBLE PRECISION NOT NULL,
  "discount_share" DOUBLE PRECISION,
  "price_level" DOUBLE PRECISION,
  "novelty" DOUBLE PRECISION,
  "regularity" DOUBLE PRECISION,
  "category_share" DOUBLE PRECISION[] NOT NULL,
  "channel_share" DOUBLE PRECISION[] NOT NULL,
  "cluster" SMALLINT,
  CONSTRAINT "customer_feature_pkey" PRIMARY KEY ("customer_id"),
  CONSTRAINT "customer_feature_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "customer_feature_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "customer_feature_workspace_id_cluster_idx" ON "customer_feature"("workspace_id", "cluster");

-- One row per cluster of a clusters run: size, value from customer_metrics at
-- publishing time, feature means and the standardised centroid.
CREATE TABLE "value_cluster" (
  "run_id" INTEGER NOT NULL,
  "workspace_id" INTEGER NOT NULL,
  "cluster" SMALLINT NOT NULL,
  "auto_name" TEXT NOT NULL,
  "name" TEXT,
  "customers" INTEGER NOT NULL,
  "revenue" DECIMAL(16,2) NOT NULL,
  "predicted_clv_12m" DOUBLE PRECISION,
  "mean_p_alive" DOUBLE PRECISION,
  "feature_means" DOUBLE PRECISION[] NOT NULL,
  "centroid" DOUBLE PRECISION[] NOT NULL,
  "renamed_by" TEXT,
  "renamed_at" TIMESTAMPTZ(3),
  CONSTRAINT "value_cluster_pkey" PRIMARY KEY ("run_id", "cluster"),
  CONSTRAINT "value_cluster_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "analytics_run"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "value_cluster_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "value_cluster_workspace_id_idx" ON "value_cluster"("workspace_id");
