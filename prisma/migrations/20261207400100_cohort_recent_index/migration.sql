-- The cohort reads take the most recent N cohorts of one period kind and
-- breakdown: a range on cohort_start that the primary key (which has
-- breakdown_value before cohort_start) cannot serve without reading every
-- value's cells. At 1M customers a weekly breakdown holds 75k-150k cells.
CREATE INDEX "cohort_cell_recent_idx" ON "cohort_cell" ("workspace_id", "period_kind", "breakdown_kind", "cohort_start");
