-- A segment's name is unique among the workspace's active segments only:
-- archiving "VIP" frees the name for a new "VIP". Partial, so it lives here
-- and schema.prisma lists a plain index on the same columns.
DROP INDEX "segment_workspace_id_name_key";
CREATE UNIQUE INDEX "segment_active_name_key" ON "segment"("workspace_id", "name") WHERE "archived_at" IS NULL;
