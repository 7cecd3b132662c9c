-- Each customer whose churn-risk band rose at a CLV run (low -> medium,
-- medium -> high, low -> high), written by the run in the same transaction
-- that publishes the new bands. Triggered campaigns ("moves to a higher
-- churn band") read it past their cursor, as segment triggers read
-- segment_transition. A first scoring is not a move and is not written.
CREATE TABLE "churn_band_change" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "run_id" INTEGER NOT NULL,
    "from_band" TEXT NOT NULL,
    "to_band" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "churn_band_change_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "churn_band_change_workspace_id_id_idx" ON "churn_band_change"("workspace_id", "id");
CREATE INDEX "churn_band_change_customer_id_idx" ON "churn_band_change"("customer_id");

