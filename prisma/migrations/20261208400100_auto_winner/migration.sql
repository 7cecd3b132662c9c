-- Automatic winner for A/B/n campaigns (docs/experiments.md, "Automatic winner"): off when the minimum is null.
ALTER TABLE "campaign" ADD COLUMN "auto_winner_min_per_variant" INTEGER;
ALTER TABLE "campaign" ADD COLUMN "auto_winner_metric" TEXT;
ALTER TABLE "campaign" ADD CONSTRAINT "campaign_auto_winner_check"
  CHECK ((auto_winner_min_per_variant IS NULL AND auto_winner_metric IS NULL)
      OR (auto_winner_min_per_variant BETWEEN 30 AND 1000000 AND auto_winner_metric IN ('revenue', 'conversion')));

-- The decision, once per campaign, with the numbers it was made on.
CREATE TABLE "campaign_winner" (
    "campaign_id" INTEGER NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "variant_key" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "numbers" JSONB NOT NULL,
    "switched_messages" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "campaign_winner_pkey" PRIMARY KEY ("campaign_id"),
    CONSTRAINT "campaign_winner_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "campaign_winner_workspace_id_idx" ON "campaign_winner"("workspace_id");
