-- The launch preview (who would be sent, deferred, skipped and why) is the
-- planning SQL run as a dry run over the whole audience: 15-20 s at a
-- million customers, too long for a request. A worker counts it and writes
-- the result here, for the campaign version it was asked for; the page polls.
CREATE TABLE "launch_preview" (
    "campaign_id" INTEGER NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "campaign_version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "result" JSONB,
    "error" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "launch_preview_pkey" PRIMARY KEY ("campaign_id"),
    CONSTRAINT "launch_preview_status_check" CHECK ("status" IN ('counting', 'done', 'failed'))
);

ALTER TABLE "launch_preview"
  ADD CONSTRAINT "launch_preview_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
