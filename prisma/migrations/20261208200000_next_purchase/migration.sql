-- When each customer will buy next, written by the CLV run with P(alive)
-- (docs/next-purchase.md): the probability of at least one purchase within 7,
-- 14 and 30 days of the run's as-of date, the median gap from the last
-- purchase to the next for a customer who keeps buying, and the day that gap
-- ends (last purchase day + gap, in the workspace time zone).
ALTER TABLE "customer_metrics"
  ADD COLUMN "purchase_probability_7d" DOUBLE PRECISION,
  ADD COLUMN "purchase_probability_14d" DOUBLE PRECISION,
  ADD COLUMN "purchase_probability_30d" DOUBLE PRECISION,
  ADD COLUMN "next_purchase_gap_days" DOUBLE PRECISION,
  ADD COLUMN "next_purchase_due_on" DATE;

-- The "expected next purchase passed by N days" campaign trigger looks up the
-- customers whose due day is N days back.
CREATE INDEX "customer_metrics_workspace_id_next_purchase_due_on_idx" ON "customer_metrics"("workspace_id", "next_purchase_due_on");
