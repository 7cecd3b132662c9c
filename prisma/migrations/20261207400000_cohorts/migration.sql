-- Cohort aggregates for the Cohorts page and GET /api/v1/analytics/cohorts
-- (lib/analytics/cohorts). Written set-based by the cohorts refresh job at
-- the end of each analytics run and after imports; a page view reads a few
-- hundred of these rows instead of the orders.
--
-- period_kind: 'month' (calendar months) or 'week' (ISO weeks, Monday), in
-- the workspace time zone. breakdown_kind: 'all' (breakdown_value ''),
-- 'channel', 'country', 'category' (a category of the first order); a
-- missing value is ''.

-- One row per cohort: its original size, and the value model's forecast of
-- its repeat purchase days to date beside what happened.
CREATE TABLE "cohort_summary" (
  "workspace_id" INTEGER NOT NULL,
  "period_kind" TEXT NOT NULL,
  "breakdown_kind" TEXT NOT NULL,
  "breakdown_value" TEXT NOT NULL,
  "cohort_start" DATE NOT NULL,
  "customers" INTEGER NOT NULL,
  "repeat_purchase_days" BIGINT NOT NULL,
  "expected_repeat_purchase_days" DOUBLE PRECISION,
  CONSTRAINT "cohort_summary_pkey" PRIMARY KEY ("workspace_id", "period_kind", "breakdown_kind", "breakdown_value", "cohort_start"),
  CONSTRAINT "cohort_summary_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "cohort_summary_period_kind_check" CHECK ("period_kind" IN ('month', 'week')),
  CONSTRAINT "cohort_summary_breakdown_kind_check" CHECK ("breakdown_kind" IN ('all', 'channel', 'country', 'category'))
);

-- One row per cohort and period since acquisition (0 = the acquisition
-- period), dense from 0 to the cohort's last period with a purchase.
CREATE TABLE "cohort_cell" (
  "workspace_id" INTEGER NOT NULL,
  "period_kind" TEXT NOT NULL,
  "breakdown_kind" TEXT NOT NULL,
  "breakdown_value" TEXT NOT NULL,
  "cohort_start" DATE NOT NULL,
  "period_index" INTEGER NOT NULL,
  -- customers with at least one order in the period
  "customers_purchasing" INTEGER NOT NULL,
  -- customers whose last order falls in this period or later
  "customers_on_or_after" INTEGER NOT NULL,
  "orders" INTEGER NOT NULL,
  "revenue_cents" BIGINT NOT NULL,
  CONSTRAINT "cohort_cell_pkey" PRIMARY KEY ("workspace_id", "period_kind", "breakdown_kind", "breakdown_value", "cohort_start", "period_index"),
  CONSTRAINT "cohort_cell_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- When the aggregates were last written, and from which CLV fit the forecast came.
CREATE TABLE "cohort_refresh" (
  "workspace_id" INTEGER NOT NULL,
  "refreshed_at" TIMESTAMPTZ(3) NOT NULL,
  "timezone" TEXT NOT NULL,
  "clv_run_id" INTEGER,
  "forecast_model" TEXT,
  "duration_ms" INTEGER NOT NULL,
  CONSTRAINT "cohort_refresh_pkey" PRIMARY KEY ("workspace_id"),
  CONSTRAINT "cohort_refresh_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
