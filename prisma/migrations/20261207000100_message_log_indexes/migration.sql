-- The message log reads a campaign's newest messages, all or of one status,
-- a page at a time (ORDER BY id DESC LIMIT n). Led by the campaign and ending
-- with the id, the index hands the page over in order: at a million messages
-- the old (workspace_id, campaign_id, status) index made every page collect
-- and sort the whole campaign. The status counts of campaign_stats read the
-- (campaign_id, status, id) index as they read the old one. A campaign id
-- belongs to one workspace, so the workspace need not lead.
DROP INDEX "message_workspace_id_campaign_id_status_idx";
CREATE INDEX "message_campaign_id_id_idx" ON "message"("campaign_id", "id");
CREATE INDEX "message_campaign_id_status_id_idx" ON "message"("campaign_id", "status", "id");
