-- Each customer's live order numbers (counted orders, revenue, first and last
-- order) as columns of customer_order_timeline, generated from its arrays.
-- The timeline is already kept exact in the writing transaction by the order
-- triggers (every path: API, CSV import, a cascade, a hand-written UPDATE,
-- refunds and cancellations through order_status_counts), so numbers derived
-- from the same row in the same write are exact too, at no extra statement.
-- customer_metrics keeps the numbers as of the last RFM run (what the RFM
-- scores were computed from); the customers list and profile read these.
-- A customer with no counted order has no timeline row: 0 orders, no dates.
ALTER TABLE "customer_order_timeline"
  ADD COLUMN "order_count" INTEGER GENERATED ALWAYS AS (cardinality("placed_at")) STORED,
  ADD COLUMN "revenue_total_cents" BIGINT GENERATED ALWAYS AS ("revenue_cents"[cardinality("revenue_cents")]) STORED,
  ADD COLUMN "first_order_at" TIMESTAMPTZ(3) GENERATED ALWAYS AS ("placed_at"[1]) STORED,
  ADD COLUMN "last_order_at" TIMESTAMPTZ(3) GENERATED ALWAYS AS ("placed_at"[cardinality("placed_at")]) STORED;

-- Keyset sorts of the customers list: (sort value, customer id) in index
-- order, so page N reads 50 index entries whatever N and the workspace size.
CREATE INDEX "customer_order_timeline_workspace_id_order_count_customer_id_idx"
  ON "customer_order_timeline"("workspace_id", "order_count", "customer_id");
CREATE INDEX "customer_order_timeline_workspace_id_revenue_total_cents_customer_id_idx"
  ON "customer_order_timeline"("workspace_id", "revenue_total_cents", "customer_id");
CREATE INDEX "customer_order_timeline_workspace_id_last_order_at_customer_id_idx"
  ON "customer_order_timeline"("workspace_id", "last_order_at", "customer_id");

-- The value sorts need the customer id as tie-break inside the index: many
-- customers share a CLV or P(alive) (same purchase pattern), and without it a
-- page would sort a whole tie group. The wider indexes serve every query the
-- narrower ones did.
DROP INDEX "customer_metrics_workspace_id_predicted_clv_12m_idx";
CREATE INDEX "customer_metrics_workspace_id_predicted_clv_12m_customer_id_idx"
  ON "customer_metrics"("workspace_id", "predicted_clv_12m", "customer_id");
DROP INDEX "customer_metrics_workspace_id_p_alive_idx";
CREATE INDEX "customer_metrics_workspace_id_p_alive_customer_id_idx"
  ON "customer_metrics"("workspace_id", "p_alive", "customer_id");
DROP INDEX "customer_workspace_id_email_idx";
CREATE INDEX "customer_workspace_id_email_id_idx" ON "customer"("workspace_id", "email", "id");
