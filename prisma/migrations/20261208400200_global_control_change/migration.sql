-- A change of the global control percentage, applied by the global-control.change job (docs/experiments.md):
-- queued → running → done | failed. At most one queued or running per workspace (partial unique index, SQL only).
CREATE TABLE "global_control_change" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "percent" SMALLINT NOT NULL,
    "requested_by" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "joined" INTEGER,
    "left_count" INTEGER,
    "error" TEXT,
    CONSTRAINT "global_control_change_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "global_control_change_state_check" CHECK ("state" IN ('queued', 'running', 'done', 'failed')),
    CONSTRAINT "global_control_change_percent_check" CHECK ("percent" BETWEEN 0 AND 50),
    CONSTRAINT "global_control_change_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "global_control_change_workspace_id_id_idx" ON "global_control_change"("workspace_id", "id");
CREATE UNIQUE INDEX "global_control_change_pending_key" ON "global_control_change"("workspace_id") WHERE "state" IN ('queued', 'running');
