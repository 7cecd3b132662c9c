-- Autovacuum for the tables that analytics runs, segment refreshes and
-- imports rewrite in bulk (docs/operations.md, "Postgres").
--
-- The stock trigger is 20% of a table dead (autovacuum_vacuum_scale_factor
-- 0.2) and statistics after 10% changed. On a table shared by many
-- workspaces, one workspace's nightly rewrite is a small fraction of it, so
-- dead rows pile up across several workspaces' runs before anything cleans
-- them: the next rewrite then finds its pages full and index entries doubled
-- (a CLV upsert at 1M customers took 40.8 s instead of 12.6 s while
-- autovacuum lagged). Triggering at 2-5% keeps each vacuum small and early.
-- Storage parameters only: no rewrite, no long lock, and the values can be
-- tuned per install with ALTER TABLE ... SET (...) without a migration.

-- One row per customer, rewritten by every RFM and CLV run (twice a night).
-- A larger cost budget than the default 200 lets the vacuum finish before
-- the next run rather than crawl through the table at the stock rate.
ALTER TABLE "customer_metrics" SET (
  autovacuum_vacuum_scale_factor = 0.02,
  autovacuum_analyze_scale_factor = 0.02,
  autovacuum_vacuum_cost_limit = 2000
);

-- A run's snapshot is inserted (a row per scored customer) and an old run's
-- deleted in the same transaction. Vacuuming after inserts as well marks the
-- new pages all-visible, so the segment-migration counts can read the index
-- alone.
ALTER TABLE "rfm_snapshot" SET (
  autovacuum_vacuum_scale_factor = 0.05,
  autovacuum_vacuum_insert_scale_factor = 0.05,
  autovacuum_analyze_scale_factor = 0.02
);

-- Segment refreshes delete the customers who left and insert those who joined.
ALTER TABLE "segment_membership" SET (
  autovacuum_vacuum_scale_factor = 0.05,
  autovacuum_analyze_scale_factor = 0.02
);

-- The behaviour timelines: every import batch rewrites the rows of the
-- customers it touched (statement-level triggers), a row per customer and
-- category or event type.
ALTER TABLE "customer_order_timeline" SET (
  autovacuum_vacuum_scale_factor = 0.05,
  autovacuum_analyze_scale_factor = 0.02
);
ALTER TABLE "customer_category_timeline" SET (
  autovacuum_vacuum_scale_factor = 0.05,
  autovacuum_analyze_scale_factor = 0.02
);
ALTER TABLE "customer_event_timeline" SET (
  autovacuum_vacuum_scale_factor = 0.05,
  autovacuum_analyze_scale_factor = 0.02
);
