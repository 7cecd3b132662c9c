-- Analytics runs: at most one queued or running run per workspace and kind.
-- The database itself refuses a second "Recompute now" while one is pending, so
-- two clicks (or a click racing the nightly tick) can never queue two runs.
-- Prisma's schema language cannot express partial indexes; schema.prisma notes it.
CREATE UNIQUE INDEX "analytics_run_one_active_idx" ON "analytics_run"("workspace_id", "kind")
  WHERE "status" IN ('QUEUED', 'RUNNING');

-- The RFM run rewrites every customer_metrics row of a workspace. Free space on
-- each page lets rows whose indexed columns did not change (most of them on a
-- nightly run) be updated in place (HOT), without new index entries.
ALTER TABLE "customer_metrics" SET (fillfactor = 85);
