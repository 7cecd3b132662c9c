-- CSV import workflow: an upload is a draft until the user confirms the column
-- mapping (confirmed_at), then a worker runs it. The extra counters make the
-- result page exact: rows that matched existing data unchanged, and customers
-- created because an order named an unknown customer. `error` explains a
-- failed run (a database or file problem, not a bad row).
ALTER TABLE "import_job"
    ADD COLUMN "options" JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN "file_size" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "confirmed_at" TIMESTAMPTZ(3),
    ADD COLUMN "unchanged_rows" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "created_customers" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "error" TEXT;
